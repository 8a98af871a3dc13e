// The users service's composition root: the store this deployment uses, built once per
// Lambda instance from the shared DynamoDB client and the configured table.
import { dynamo } from "../clients/dynamodb";
import { config } from "../config";
import { createDynamoDbUsersStore } from "./dynamodb-store";
import type { UsersStore } from "./store";

export const usersStore: UsersStore = createDynamoDbUsersStore(dynamo, config.USERS_TABLE);
