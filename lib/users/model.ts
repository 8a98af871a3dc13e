// The user entity: its input rules (API.md's field limits) and the views the API
// returns. Usernames and emails are compared case-insensitively and stored lower case.
import * as z from "zod";
import { NotYourAccount, UserNotFound } from "./errors";

/** Usernames that would collide with a literal route such as GET /users/me. */
const RESERVED_USERNAMES = new Set(["me"]);

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_]{3,32}$/, "must be 3–32 characters of a–z, 0–9 and _")
  .refine((name) => !RESERVED_USERNAMES.has(name), "is reserved");

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));

export const passwordSchema = z.string().min(8).max(256);

export interface User {
  username: string;
  email: string;
  passwordHash: string;
  karma: number;
  active: boolean;
  createdAt: string;
}

export type PublicProfile = Pick<User, "username" | "karma" | "createdAt">;
export type OwnProfile = Pick<User, "username" | "email" | "karma" | "createdAt">;

export function publicProfile({ username, karma, createdAt }: User): PublicProfile {
  return { username, karma, createdAt };
}

export function ownProfile({ username, email, karma, createdAt }: User): OwnProfile {
  return { username, email, karma, createdAt };
}

/** The user, when it exists and is active: a deactivated user is as absent as an unknown one. */
export function activeUser(user: User | undefined, username: string): User {
  if (!user?.active) throw new UserNotFound(username);
  return user;
}

/** Refuses a caller acting on an account other than their own. */
export function requireOwnAccount(caller: string, account: string, action: string): void {
  if (caller !== account) throw new NotYourAccount(`you can only ${action} your own account`);
}
