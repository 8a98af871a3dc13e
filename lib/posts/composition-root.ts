// The posts service's composition root: the store this deployment uses, built once per
// Lambda instance from the shared DynamoDB client and the configured table.
import { dynamo } from "../clients/dynamodb";
import { config } from "../config";
import { createDynamoDbPostsStore } from "./dynamodb-store";
import type { PostsStore } from "./store";

export const postsStore: PostsStore = createDynamoDbPostsStore(dynamo, config.POSTS_TABLE);
