// The users store: what the users service and the authorizer need from their data. The
// DynamoDB adapter is dynamodb-store.ts; composition-root.ts wires the one in use.
import * as z from "zod";
import type { User } from "./model";

/** Where a directory listing stopped: the position of its last entry. */
export const directoryPosition = z.object({
  pk: z.string(),
  directory: z.string(),
  username: z.string(),
});
export type DirectoryPosition = z.output<typeof directoryPosition>;

export interface DirectoryEntry {
  username: string;
  karma: number;
}

export interface UsersStore {
  /** Stores a new user; UsernameTaken or EmailTaken if either is held. */
  create(user: User): Promise<void>;
  /** Strongly consistent: a deactivation is seen by the very next read, anywhere. */
  get(username: string): Promise<User | undefined>;
  /** Active users whose name starts with `prefix`, in username order. */
  listByPrefix(
    prefix: string,
    limit: number,
    after?: DirectoryPosition,
  ): Promise<{ items: DirectoryEntry[]; last?: DirectoryPosition }>;
  /** Moves the user's email claim to `email`; EmailTaken if another user holds it. */
  changeEmail(user: User, email: string): Promise<User>;
  deactivate(username: string): Promise<void>;
  /**
   * Replaces the password hash with an equivalent one (the same password under stronger
   * parameters), unless it changed meanwhile; returns whether it was replaced.
   */
  rehashPassword(username: string, current: string, rehashed: string): Promise<boolean>;
  /**
   * Adds `delta` to the user's karma and returns the new value; UserNotFound if absent. With
   * an idempotency key, a key already applied (within KARMA_KEY_TTL_SECONDS) changes nothing.
   */
  adjustKarma(username: string, delta: number, idempotencyKey?: string): Promise<number>;
}
