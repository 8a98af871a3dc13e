// GET /posts?community=c&username=u: summaries newest first, in one community, by one author,
// or across every community when neither is given (public).
import * as z from "zod";
import { newestFirstPosition } from "../../lib/dynamodb/newest-first";
import { BadRequest } from "../../lib/http/errors";
import { decodeCursor, encodeCursor, paginationQuery } from "../../lib/http/pagination";
import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { postsStore } from "../../lib/posts/composition-root";
import { communitySchema } from "../../lib/posts/model";
import type { PostListing } from "../../lib/posts/store";
import { usernameSchema } from "../../lib/users/model";

const query = z.object({
  community: communitySchema.optional(),
  username: usernameSchema.optional(),
  ...paginationQuery,
});

export const handler = publicRoute({ query }, async ({ query }) => {
  const listing = listingOf(query);
  const list = `posts?${new URLSearchParams(Object.entries(listing))}`;
  const after = query.cursor ? decodeCursor(list, query.cursor, newestFirstPosition) : undefined;
  const page = await postsStore.list(listing, query.limit, after);
  return ok({ items: page.items, nextCursor: encodeCursor(list, page.last) });
});

function listingOf({ community, username }: z.output<typeof query>): PostListing {
  if (community !== undefined && username !== undefined) {
    throw new BadRequest("filter by community or by username, not both");
  }
  if (community !== undefined) return { kind: "community", community };
  if (username !== undefined) return { kind: "author", username };
  return { kind: "all" };
}
