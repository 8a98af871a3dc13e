// Test helpers for the forum: posts, votes and karma through the gateway.
import { randomBytes } from "node:crypto";
import { api, type Credentials } from "./gateway";

/** A community no other test uses. */
export const uniqueCommunity = (prefix = "c") => `${prefix}_${randomBytes(5).toString("hex")}`;

export interface PostBody {
  id: string;
  title: string;
  text: string;
  community: string;
  url: string | null;
  username: string;
  createdAt: string;
}

export async function createPost(
  author: Credentials,
  fields: Record<string, unknown> = {},
): Promise<PostBody> {
  const response = await api("POST", "/posts", {
    auth: author,
    body: { title: "a title", text: "some text", community: uniqueCommunity(), ...fields },
  });
  if (response.status !== 201) throw new Error(`post failed: ${response.status}`);
  return response.body as PostBody;
}

export async function vote(voter: Credentials, postId: string, direction: "up" | "down" | "none") {
  const response = await api("PUT", `/votes/${postId}`, { auth: voter, body: { direction } });
  if (response.status !== 200) throw new Error(`vote failed: ${response.status}`);
  return response.body as { upvotes: number; downvotes: number; score: number; myVote: string };
}

export async function karmaOf(username: string): Promise<number | undefined> {
  const response = await api("GET", `/users/${username}`);
  return response.status === 200 ? (response.body.karma as number) : undefined;
}
