// What the microblog bench (microblog-bench.ts) and its in-process reader
// (tweet-reads-child.ts) say to each other over IPC: the job, and what the child reports.
import * as z from "zod";

export const TweetReadsJob = z.object({
  ids: z.array(z.string()),
  /** Reads finish in phases ending at these counts, the counters read after each. */
  checkpoints: z.array(z.number().int().positive()),
  concurrency: z.number().int().positive(),
});

export const TweetReadsCheckpoint = z.object({
  reads: z.number(),
  seconds: z.number(),
  failures: z.number(),
  dbReads: z.number(),
  cacheHits: z.number(),
  cacheMisses: z.number(),
});
export type TweetReadsCheckpoint = z.output<typeof TweetReadsCheckpoint>;
