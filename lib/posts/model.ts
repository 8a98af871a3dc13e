// The post entity: its input rules (API.md's field limits) and the views the API returns.
// Lists carry the summary only, never `text` or `url`.
import * as z from "zod";

export const communitySchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_]{3,32}$/, "must be 3–32 characters of a–z, 0–9 and _");

export const titleSchema = z.string().trim().min(1).max(300);

export const textSchema = z.string().max(40_000);

/** An absolute http(s) URL. */
export const postUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .regex(/^https?:\/\/[^/\s]/i, "must be an absolute http(s) URL")
  .pipe(z.url({ protocol: /^https?$/ }));

export const postIdSchema = z.uuid();

export interface Post {
  id: string;
  title: string;
  text: string;
  community: string;
  /** Absent for a text-only post; null in the API's view. */
  url?: string;
  username: string;
  createdAt: string;
}

export type PostSummary = Pick<Post, "id" | "title" | "community" | "username" | "createdAt">;

export function postView(post: Post) {
  return { ...post, url: post.url ?? null };
}
