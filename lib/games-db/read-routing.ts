// Which games-db nodes a read goes to, in order: healthy nodes in turn (those known to have
// reached the reader's TXID first), then the primary, then every other node as a last resort.

export interface NodeView {
  url: string;
  /** Unknown until the node's status has been read once. */
  role: "primary" | "replica" | undefined;
  /** As the node's last status said. */
  healthy: boolean;
  /** The node's position as last seen (status or any answer). */
  txid: number;
  /** A request to the node failed since its last good status. */
  failed: boolean;
}

/**
 * The nodes to try for a read, best first. Without `minTxid`, available nodes take turns. With
 * it, available nodes known to be at or past it take turns, then one other available node
 * (which may reach it while the read waits), then the primary.
 */
export function planRead(
  nodes: readonly NodeView[],
  minTxid: number | undefined,
  turn: number,
): string[] {
  const available = nodes.filter((node) => node.healthy && !node.failed);
  const primary = nodes.filter((node) => node.role === "primary");
  const preferred =
    minTxid === undefined
      ? rotate(available, turn)
      : [
          ...rotate(
            available.filter((node) => node.txid >= minTxid),
            turn,
          ),
          ...rotate(
            available.filter((node) => node.txid < minTxid && node.role !== "primary"),
            turn,
          ).slice(0, 1),
        ];
  return [...new Set([...preferred, ...primary, ...available, ...nodes].map((node) => node.url))];
}

function rotate<T>(list: readonly T[], turn: number): T[] {
  return list.map((_, i) => list[(i + turn) % list.length] as T);
}
