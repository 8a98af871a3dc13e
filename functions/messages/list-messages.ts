// GET /messages?box=inbox|sent: the caller's own messages, newest first.
import * as z from "zod";
import { newestFirstPosition } from "../../lib/dynamodb/newest-first";
import { decodeCursor, encodeCursor, paginationQuery } from "../../lib/http/pagination";
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { messagesStore } from "../../lib/messages/composition-root";

const query = z.object({ box: z.enum(["inbox", "sent"]).default("inbox"), ...paginationQuery });

export const handler = authenticatedRoute({ query }, async ({ query, username }) => {
  const list = `messages/${username}?box=${query.box}`;
  const after = query.cursor ? decodeCursor(list, query.cursor, newestFirstPosition) : undefined;
  const page = await messagesStore.list(query.box, username, query.limit, after);
  return ok({ items: page.items, nextCursor: encodeCursor(list, page.last) });
});
