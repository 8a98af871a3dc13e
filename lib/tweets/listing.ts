// The answer of every tweet listing: a page of tweet views and the cursor of the next page,
// signed for the list it belongs to (lib/http/pagination.ts).
import { decodeCursor, encodeCursor } from "../http/pagination";
import { type HttpResponse, ok } from "../http/responses";
import type { Tweet } from "./model";
import { type Page, type RecencyPosition, recencyPosition } from "./store";
import { tweetViews } from "./views";

/**
 * Runs `read` from where `cursor` says (the start when absent) and answers its page. `list`
 * names the list and everything that selects its items (`tweets?username=al`).
 */
export async function tweetListing(
  list: string,
  cursor: string | undefined,
  read: (after?: RecencyPosition) => Promise<Page<Tweet>>,
): Promise<HttpResponse> {
  const after = cursor ? decodeCursor(list, cursor, recencyPosition) : undefined;
  const page = await read(after);
  return ok({ items: await tweetViews(page.items), nextCursor: encodeCursor(list, page.last) });
}
