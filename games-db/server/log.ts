// The node's event log: one JSON line per notable event (never per query) on stdout.

export type NodeEvent =
  | "started"
  | "stopped"
  | "replica_connected"
  | "replica_disconnected"
  | "connected_to_primary"
  | "disconnected_from_primary"
  | "caught_up"
  | "snapshot_served"
  | "snapshot_restored"
  | "migration_applied"
  | "unauthorized"
  | "statement_timeout"
  | "executor_exited"
  | "error";

export type Logger = (event: NodeEvent, fields?: Record<string, unknown>) => void;

export function jsonLineLogger(
  node: string,
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  return (event, fields = {}) => {
    write(`${JSON.stringify({ time: new Date().toISOString(), node, event, ...fields })}\n`);
  };
}

/** An error as log fields (`JSON.stringify(error)` would print `{}`), with its cause if any. */
export function errorFields(error: unknown): { error: string } {
  if (!(error instanceof Error)) return { error: String(error) };
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return { error: `${error.message}${cause}` };
}
