// Whether a node should receive reads: the primary while its database is open; a replica while
// it hears from its primary and is not more than a bound of transactions behind it.

export interface Health {
  /** The primary's URL on a replica, null on the primary. */
  primary: string | null;
  /** On a replica, whether its stream from the primary is live; always true on the primary. */
  connected: boolean;
  /** TXIDs behind the primary's last known position. */
  lag: number;
  healthy: boolean;
  reason?: string;
}

export function replicaHealth(state: {
  primaryUrl: string;
  connected: boolean;
  lag: number;
  maxLag: number;
}): Health {
  const { primaryUrl, connected, lag, maxLag } = state;
  const base = { primary: primaryUrl, connected, lag };
  if (!connected) {
    return { ...base, healthy: false, reason: `not connected to the primary at ${primaryUrl}` };
  }
  if (lag > maxLag) {
    return {
      ...base,
      healthy: false,
      reason: `${lag} transactions behind the primary (max ${maxLag})`,
    };
  }
  return { ...base, healthy: true };
}
