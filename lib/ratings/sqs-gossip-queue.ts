// The gossip queue in AWS: channel i is the SQS standard queue at `queueUrls[i]`
// (RATINGS_GOSSIP_QUEUE_URLS, in shard order); a message's body is one gossip entry's JSON.
//
// How it differs from the Redis-list adapter (redis-gossip-queue.ts):
// - Order. A standard queue is not ordered: receive() takes entries in no promised order, and
//   putBack() sends its entries again rather than to the head. Merges are commutative, so
//   the order in which a shard merges its neighbour's entries does not change what it holds.
// - Delivery. A standard queue delivers at least once, and a send of more than one batch
//   (10 entries, 256 KiB) that fails part-way has sent the first batches when the caller
//   keeps the whole digest to send again. Merges are idempotent, so a duplicate does no harm.
// - Taking off. The interface has no acknowledgement: receive() takes entries off, as LPOP
//   does. It receives each batch under a lease (VisibilityTimeout) and deletes it at once;
//   if the function dies between the two, the batch comes back when the lease ends instead
//   of being lost. A delete SQS refuses is logged and the entries are still returned: they
//   come back later as duplicates.
// - Emptiness. Receives are short polls (WaitTimeSeconds 0), which sample some of SQS's
//   servers, so an empty answer may leave entries on the queue; the next drain finds them.
import {
  DeleteMessageBatchCommand,
  type DeleteMessageBatchCommandOutput,
  ReceiveMessageCommand,
  type ReceiveMessageCommandOutput,
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
} from "@aws-sdk/client-sqs";
import { log } from "../log";
import { decodeGossipEntry, encodeGossipEntry } from "./gossip-entry";
import type { GossipQueue } from "./gossip-queue";
import type { GossipEntry } from "./store";

/** SQS's limits on one SendMessageBatch, ReceiveMessage or DeleteMessageBatch. */
export const SQS_MAX_BATCH_ENTRIES = 10;
export const SQS_MAX_BATCH_BYTES = 256 * 1024;

/** Seconds a received batch stays hidden from other receivers before it is deleted. */
export const DEFAULT_LEASE_SECONDS = 30;

/** The SQS client's `send`, for the commands this adapter uses (an SQSClient is one). */
export interface SqsSender {
  send(command: SendMessageBatchCommand): Promise<SendMessageBatchCommandOutput>;
  send(command: ReceiveMessageCommand): Promise<ReceiveMessageCommandOutput>;
  send(command: DeleteMessageBatchCommand): Promise<DeleteMessageBatchCommandOutput>;
}

export class GossipNotSent extends Error {
  constructor(channel: number, failures: readonly { Code?: string; Message?: string }[]) {
    super(
      `gossip channel ${channel}: SQS refused ${failures.length} entries (` +
        failures.map((f) => `${f.Code ?? "?"}: ${f.Message ?? ""}`).join("; ") +
        ")",
    );
  }
}

/** Splits message bodies into batches SQS accepts: at most 10 and 256 KiB each. */
export function batchesOf(bodies: readonly string[]): string[][] {
  const batches: string[][] = [];
  let batch: string[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = Buffer.byteLength(body, "utf8");
    if (
      batch.length === SQS_MAX_BATCH_ENTRIES ||
      (batch.length > 0 && bytes + size > SQS_MAX_BATCH_BYTES)
    ) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(body);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

export function createSqsGossipQueue(
  sqs: SqsSender,
  queueUrls: readonly string[],
  { leaseSeconds = DEFAULT_LEASE_SECONDS }: { leaseSeconds?: number } = {},
): GossipQueue {
  const queueUrlOf = (channel: number): string => {
    const url = queueUrls[channel];
    if (url === undefined) {
      throw new RangeError(`no gossip queue for channel ${channel} (of ${queueUrls.length})`);
    }
    return url;
  };

  async function send(channel: number, entries: readonly GossipEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const QueueUrl = queueUrlOf(channel);
    for (const batch of batchesOf(entries.map(encodeGossipEntry))) {
      const answer = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: batch.map((MessageBody, i) => ({ Id: String(i), MessageBody })),
        }),
      );
      if (answer.Failed && answer.Failed.length > 0)
        throw new GossipNotSent(channel, answer.Failed);
    }
  }

  return {
    send,

    async receive(channel, max) {
      const QueueUrl = queueUrlOf(channel);
      const bodies: string[] = [];
      while (bodies.length < max) {
        const answer = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl,
            MaxNumberOfMessages: Math.min(SQS_MAX_BATCH_ENTRIES, max - bodies.length),
            VisibilityTimeout: leaseSeconds,
            WaitTimeSeconds: 0,
          }),
        );
        const messages = answer.Messages ?? [];
        if (messages.length === 0) break;
        const deleted = await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl,
            Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
        if (deleted.Failed && deleted.Failed.length > 0) {
          log.warn("ratings: gossip entries not deleted; they will come back", {
            channel,
            failed: deleted.Failed.length,
          });
        }
        for (const message of messages) bodies.push(message.Body ?? "");
      }
      // Decoded once taken off, as the Redis adapter does: a malformed entry fails the receive.
      return bodies.map(decodeGossipEntry);
    },

    // SQS cannot put a message at a queue's head; sent again, the entries wait their turn.
    putBack: send,
  };
}
