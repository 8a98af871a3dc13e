// A child of the microblog bench (microblog-bench.ts): calls the tweets-get handler
// in-process, with the environment serverless.yml gives it plus the bench's cache TTLs, on
// the bench stack's Redis and DynamoDB, for a sequence of tweet ids sent over IPC. It
// reports, at each checkpoint, the request log's counters (the ones GET /logs shows) moved
// since it began, and the time taken. The gateway cannot reach these rates on a small
// machine; the handler, its caches and its stores are the same.
import type * as z from "zod";
import { handler } from "../../functions/tweets/get-tweet";
import { requestLogStore } from "../../lib/request-log/composition-root";
import { apiEvent, lambdaContext } from "../support/api-gateway-events";
import { type TweetReadsCheckpoint, TweetReadsJob } from "./tweet-reads";

async function run({ ids, checkpoints, concurrency }: z.output<typeof TweetReadsJob>) {
  const before = await requestLogStore.counters();
  const began = performance.now();
  const results: TweetReadsCheckpoint[] = [];
  let position = 0;
  let failures = 0;
  for (const end of checkpoints) {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (position < Math.min(end, ids.length)) {
          const id = ids[position++] ?? "";
          const response = await handler(
            apiEvent({ httpMethod: "GET", path: `/tweets/${id}`, pathParameters: { id } }),
            lambdaContext,
          );
          if (response.statusCode !== 200) failures++;
        }
      }),
    );
    const now = await requestLogStore.counters();
    results.push({
      reads: position,
      seconds: (performance.now() - began) / 1000,
      failures,
      dbReads: now.dbReads - before.dbReads,
      cacheHits: now.cacheHits - before.cacheHits,
      cacheMisses: now.cacheMisses - before.cacheMisses,
    });
  }
  return results;
}

process.once("message", (message) => {
  run(TweetReadsJob.parse(message)).then(
    (results) => process.send?.({ results }, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
