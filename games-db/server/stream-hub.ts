// The primary's open replication streams (NDJSON): each gets the transactions it missed, then
// every transaction as it commits, and a heartbeat line with the primary's position every interval.
import type { ServerResponse } from "node:http";
import type { Logger } from "./log";

/** A replica that leaves this much unread is dropped; it reconnects and catches up from the log. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export class StreamHub {
  readonly #subscribers = new Set<ServerResponse>();
  readonly #heartbeatLine: () => string;
  readonly #log: Logger;
  readonly #timer: NodeJS.Timeout;

  constructor(options: { heartbeatLine: () => string; heartbeatMs: number; log: Logger }) {
    this.#heartbeatLine = options.heartbeatLine;
    this.#log = options.log;
    this.#timer = setInterval(() => this.broadcast(this.#heartbeatLine()), options.heartbeatMs);
  }

  /** Starts streaming to a replica: the lines it missed, a heartbeat, then live lines. */
  open(res: ServerResponse, missed: readonly string[], fields: Record<string, unknown>): void {
    res.writeHead(200, { "content-type": "application/x-ndjson", "cache-control": "no-store" });
    res.write([...missed, this.#heartbeatLine()].join(""));
    this.#subscribers.add(res);
    this.#log("replica_connected", { ...fields, sent: missed.length });
    res.on("close", () => {
      this.#subscribers.delete(res);
      this.#log("replica_disconnected", fields);
    });
  }

  /** Sends one line (ending with a newline) to every open stream. */
  broadcast(line: string): void {
    for (const res of this.#subscribers) {
      if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
      else res.write(line);
    }
  }

  close(): void {
    clearInterval(this.#timer);
    for (const res of this.#subscribers) res.destroy();
  }
}
