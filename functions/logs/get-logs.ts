// GET /logs: every API call since the log began, in order, page by page, with the activity
// counters. The gateway asks for the API key (`private: true`) before this runs.
import * as z from "zod";
import { decodeCursor, encodeCursor, paginationQuery } from "../../lib/http/pagination";
import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { requestLogStore } from "../../lib/request-log/composition-root";

const query = z.object({
  ...paginationQuery,
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const logPosition = z.object({ after: z.string().regex(/^\d+-\d+$/) });

export const handler = publicRoute({ query }, async ({ query }) => {
  const after = query.cursor ? decodeCursor("logs", query.cursor, logPosition).after : undefined;
  const [page, counters] = await Promise.all([
    requestLogStore.read(after, query.limit),
    requestLogStore.counters(),
  ]);
  const nextCursor = encodeCursor(
    "logs",
    page.last === undefined ? undefined : { after: page.last },
  );
  return ok({ items: page.items, nextCursor, counters });
});
