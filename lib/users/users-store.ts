// The users store this deployment uses: UsersTable through the shared DynamoDB client.
import { dynamo } from "../clients/dynamodb";
import { config } from "../config";
import { createUsersStore } from "./store";

export const usersStore = createUsersStore(dynamo, config.USERS_TABLE);
