import {
  DeleteMessageBatchCommand,
  type DeleteMessageBatchCommandOutput,
  ReceiveMessageCommand,
  type ReceiveMessageCommandOutput,
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
} from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import {
  batchesOf,
  createSqsGossipQueue,
  GossipNotSent,
  type SqsSender,
} from "../../../lib/ratings/sqs-gossip-queue";
import type { GossipEntry } from "../../../lib/ratings/store";

const QUEUE_URLS = ["https://sqs.test/q0", "https://sqs.test/q1", "https://sqs.test/q2"];

type Command = SendMessageBatchCommand | ReceiveMessageCommand | DeleteMessageBatchCommand;

/**
 * Answers like SQS over in-memory queues: received messages stay hidden until deleted (their
 * lease never ends here), and the commands are recorded.
 */
class FakeSqs implements SqsSender {
  readonly commands: Command[] = [];
  readonly queues = new Map<string, { id: number; body: string; hidden: boolean }[]>();
  /** Bodies SendMessageBatch refuses. */
  refuse = new Set<string>();
  private nextId = 0;

  send(command: SendMessageBatchCommand): Promise<SendMessageBatchCommandOutput>;
  send(command: ReceiveMessageCommand): Promise<ReceiveMessageCommandOutput>;
  send(command: DeleteMessageBatchCommand): Promise<DeleteMessageBatchCommandOutput>;
  async send(
    command: Command,
  ): Promise<
    SendMessageBatchCommandOutput | ReceiveMessageCommandOutput | DeleteMessageBatchCommandOutput
  > {
    this.commands.push(command);
    const queue = this.queueOf(command.input.QueueUrl);
    if (command instanceof SendMessageBatchCommand) {
      const entries = command.input.Entries ?? [];
      if (entries.length > 10) throw new Error("TooManyEntriesInBatchRequest");
      const failed = entries.filter((e) => this.refuse.has(e.MessageBody ?? ""));
      for (const e of entries) {
        if (!failed.includes(e))
          queue.push({ id: this.nextId++, body: e.MessageBody ?? "", hidden: false });
      }
      return {
        $metadata: {},
        Successful: [],
        Failed: failed.map((e) => ({
          Id: e.Id,
          SenderFault: true,
          Code: "Refused",
          Message: "test",
        })),
      };
    }
    if (command instanceof ReceiveMessageCommand) {
      const max = command.input.MaxNumberOfMessages ?? 1;
      if (max > 10) throw new Error("InvalidParameterValue");
      const taken = queue.filter((m) => !m.hidden).slice(0, max);
      for (const m of taken) m.hidden = true;
      return {
        $metadata: {},
        Messages: taken.map((m) => ({ Body: m.body, ReceiptHandle: `rh-${m.id}` })),
      };
    }
    const handles = new Set((command.input.Entries ?? []).map((e) => e.ReceiptHandle));
    this.queues.set(
      command.input.QueueUrl ?? "",
      queue.filter((m) => !handles.has(`rh-${m.id}`)),
    );
    return { $metadata: {}, Successful: [], Failed: [] };
  }

  private queueOf(url: string | undefined) {
    const key = url ?? "";
    if (!this.queues.has(key)) this.queues.set(key, []);
    return this.queues.get(key) ?? [];
  }

  sent<C extends Command>(kind: new (...args: never[]) => C): C[] {
    return this.commands.filter((c): c is C => c instanceof kind);
  }
}

function entry(n: number): GossipEntry {
  return { primary: n % 3, key: `tea-${n}`, rating: 4, choices: [4], clocks: [{ c0: n }] };
}

const entries = (count: number) => Array.from({ length: count }, (_, n) => entry(n));

describe("SQS gossip queue", () => {
  it("sends in batches of at most 10, to the channel's own queue", async () => {
    const sqs = new FakeSqs();
    await createSqsGossipQueue(sqs, QUEUE_URLS).send(1, entries(23));
    const batches = sqs.sent(SendMessageBatchCommand);
    expect(batches.map((c) => c.input.Entries?.length)).toEqual([10, 10, 3]);
    expect(new Set(batches.map((c) => c.input.QueueUrl))).toEqual(new Set([QUEUE_URLS[1]]));
  });

  it("splits a batch that would pass 256 KiB", () => {
    const big = "x".repeat(100 * 1024);
    expect(batchesOf([big, big, big, "small"]).map((b) => b.length)).toEqual([2, 2]);
  });

  it("round-trips entries through message bodies, and receives up to the maximum", async () => {
    const sqs = new FakeSqs();
    const queue = createSqsGossipQueue(sqs, QUEUE_URLS);
    await queue.send(0, entries(25));
    const got = await queue.receive(0, 23);
    expect(got).toEqual(entries(23));
    const receives = sqs.sent(ReceiveMessageCommand);
    expect(receives.map((c) => c.input.MaxNumberOfMessages)).toEqual([10, 10, 3]);
    expect(
      receives.every((c) => c.input.WaitTimeSeconds === 0 && c.input.VisibilityTimeout === 30),
    ).toBe(true);
    expect(await queue.receive(0, 100)).toEqual(entries(25).slice(23));
    expect(await queue.receive(0, 100)).toEqual([]);
  });

  it("deletes what it receives, so nothing comes back after the lease", async () => {
    const sqs = new FakeSqs();
    const queue = createSqsGossipQueue(sqs, QUEUE_URLS);
    await queue.send(2, entries(12));
    await queue.receive(2, 100);
    const deletes = sqs.sent(DeleteMessageBatchCommand);
    expect(deletes.map((c) => c.input.Entries?.map((e) => e.ReceiptHandle))).toEqual([
      Array.from({ length: 10 }, (_, i) => `rh-${i}`),
      ["rh-10", "rh-11"],
    ]);
    expect(sqs.queues.get(QUEUE_URLS[2] ?? "")).toEqual([]);
  });

  it("puts entries back so that the next receive takes them again", async () => {
    const sqs = new FakeSqs();
    const queue = createSqsGossipQueue(sqs, QUEUE_URLS);
    await queue.send(0, entries(3));
    const got = await queue.receive(0, 3);
    await queue.putBack(0, got.slice(1));
    expect(await queue.receive(0, 10)).toEqual(entries(3).slice(1));
  });

  it("fails a send that SQS refuses in part, so the caller keeps its digest", async () => {
    const sqs = new FakeSqs();
    sqs.refuse.add(JSON.stringify(entry(1)));
    await expect(createSqsGossipQueue(sqs, QUEUE_URLS).send(0, entries(2))).rejects.toThrow(
      GossipNotSent,
    );
  });

  it("fails a receive on a malformed entry, as the Redis adapter does, and leaves it deleted", async () => {
    const sqs = new FakeSqs();
    sqs.queues.set(QUEUE_URLS[0] ?? "", [{ id: 99, body: '{"key": "no primary"}', hidden: false }]);
    const queue = createSqsGossipQueue(sqs, QUEUE_URLS);
    await expect(queue.receive(0, 10)).rejects.toThrow();
    expect(await queue.receive(0, 10)).toEqual([]);
    expect(sqs.queues.get(QUEUE_URLS[0] ?? "")).toEqual([]);
  });

  it("refuses a channel it has no queue for", async () => {
    const queue = createSqsGossipQueue(new FakeSqs(), QUEUE_URLS);
    await expect(queue.receive(3, 10)).rejects.toThrow(RangeError);
  });
});
