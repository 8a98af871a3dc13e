// What the client knows about each games-db node (role, health, position), refreshed from the
// nodes' GET /status at most every TTL, in the background once known, and marked on failures.

import { nodeStatusSchema } from "../../games-db/protocol/sql-api";
import { withLoopAwareTimeout } from "../clients/loop-aware-timeout";
import type { NodeView } from "./read-routing";

export class NodePool {
  readonly views: NodeView[];
  readonly #ttlMs: number;
  readonly #timeoutMs: number;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;
  #refreshedAt: number | undefined;
  #refreshing: Promise<void> | undefined;

  constructor(options: {
    urls: string[];
    ttlMs: number;
    timeoutMs: number;
    /** Sent with every GET /status (the nodes' secret). */
    headers: Record<string, string>;
    fetch: typeof fetch;
  }) {
    this.views = options.urls.map((url) => ({
      url,
      role: undefined,
      healthy: false,
      txid: 0,
      failed: false,
    }));
    this.#ttlMs = options.ttlMs;
    this.#timeoutMs = options.timeoutMs;
    this.#headers = options.headers;
    this.#fetch = options.fetch;
  }

  /** Waits for the first statuses; later, starts a refresh in the background when they are old. */
  async ready(): Promise<void> {
    if (this.#refreshedAt === undefined) return this.refresh();
    if (Date.now() - this.#refreshedAt >= this.#ttlMs) void this.refresh();
  }

  /** Reads every node's status (one refresh at a time; callers share it). */
  refresh(): Promise<void> {
    this.#refreshing ??= Promise.all(this.views.map((view) => this.#readStatus(view))).then(() => {
      this.#refreshedAt = Date.now();
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** Makes the next ready() wait for fresh statuses (after the primary failed or moved). */
  invalidate(): void {
    this.#refreshedAt = undefined;
  }

  get primary(): NodeView | undefined {
    return this.views.find((view) => view.role === "primary");
  }

  /** Excludes the node from reads until a status says it is healthy again. */
  markFailed(url: string): void {
    const view = this.#view(url);
    view.failed = true;
    view.healthy = false;
  }

  /** Records a position the node answered with. */
  observe(url: string, txid: number): void {
    const view = this.#view(url);
    view.txid = Math.max(view.txid, txid);
  }

  async #readStatus(view: NodeView): Promise<void> {
    try {
      const status = await withLoopAwareTimeout(this.#timeoutMs, async (signal) => {
        const response = await this.#fetch(`${view.url}/status`, {
          headers: this.#headers,
          signal,
        });
        return nodeStatusSchema.parse(await response.json());
      });
      view.role = status.role;
      view.healthy = status.healthy;
      view.txid = status.txid;
      view.failed = false;
    } catch {
      view.healthy = false;
      view.failed = true;
    }
  }

  #view(url: string): NodeView {
    const view = this.views.find((v) => v.url === url);
    if (view === undefined) throw new Error(`unknown games-db node ${url}`);
    return view;
  }
}
