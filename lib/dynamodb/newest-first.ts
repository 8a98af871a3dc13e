// Newest-first listings on a DynamoDB index whose sort key is `<ISO time>#<id>` (unique and in
// time order). A page continues strictly below the last sort key it returned, so items that
// arrive meanwhile sort above every later page: no duplicates and no gaps between pages.
// One listing may span several partitions (a sharded index); their pages merge by sort key.
import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";

/** Where a newest-first listing stopped: the sort key of the last item it returned. */
export const newestFirstPosition = z.object({ before: z.string().min(1).max(200) });
export type NewestFirstPosition = z.output<typeof newestFirstPosition>;

export interface NewestFirstQuery {
  TableName: string;
  IndexName: string;
  /** The index's partition key attribute and sort key attribute. */
  partitionKey: string;
  sortKey: string;
  /** One value per partition to merge (one for an unsharded listing). */
  partitions: string[];
  limit: number;
  after?: NewestFirstPosition;
}

export function recencyKey(time: string, id: string): string {
  return `${time}#${id}`;
}

/**
 * The newest `limit` items below `after` across `partitions`, and the position after them
 * when more remain. Each partition is asked for limit + 1 items: the newest `limit` overall
 * are among them, and any item beyond tells that another page exists.
 */
export async function queryNewestFirst(
  db: DynamoDBDocumentClient,
  query: NewestFirstQuery,
): Promise<{ items: Record<string, unknown>[]; last?: NewestFirstPosition }> {
  const { partitionKey, sortKey, limit, after } = query;
  const pages = await Promise.all(
    query.partitions.map((partition) =>
      db.send(
        new QueryCommand({
          TableName: query.TableName,
          IndexName: query.IndexName,
          KeyConditionExpression: after === undefined ? "#p = :p" : "#p = :p AND #s < :before",
          // DynamoDB refuses a name the expression does not use.
          ExpressionAttributeNames: {
            "#p": partitionKey,
            ...(after === undefined ? {} : { "#s": sortKey }),
          },
          ExpressionAttributeValues: {
            ":p": partition,
            ...(after === undefined ? {} : { ":before": after.before }),
          },
          ScanIndexForward: false,
          Limit: limit + 1,
        }),
      ),
    ),
  );
  const merged = pages
    .flatMap((page) => page.Items ?? [])
    .sort((a, b) => (String(a[sortKey]) < String(b[sortKey]) ? 1 : -1));
  const items = merged.slice(0, limit);
  const lastItem = items.at(-1);
  const last =
    merged.length > limit && lastItem ? { before: String(lastItem[sortKey]) } : undefined;
  return { items, last };
}
