// GET /users?q=prefix: active users whose name starts with q, in username order.
import * as z from "zod";
import { decodeCursor, encodeCursor, paginationQuery } from "../../lib/http/pagination";
import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { usersStore } from "../../lib/users/composition-root";
import { directoryPosition } from "../../lib/users/store";

const query = z.object({
  q: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9_]{0,32}$/, "must be up to 32 characters of a–z, 0–9 and _")
    .default(""),
  ...paginationQuery,
});

export const handler = publicRoute({ query }, async ({ query }) => {
  const list = `users?q=${query.q}`;
  const after = query.cursor ? decodeCursor(list, query.cursor, directoryPosition) : undefined;
  const page = await usersStore.listByPrefix(query.q, query.limit, after);
  return ok({ items: page.items, nextCursor: encodeCursor(list, page.last) });
});
