// CPU time used by processes and their descendants, from /proc (Linux): what a benchmark
// reads beside its throughput, to tell a gateway that is out of CPU from one that waits.
import { processAndDescendants, readProcessTree } from "../support/process-tree";

/** CPU seconds used so far by each of `roots` with all its descendants (one read of /proc). */
export function cpuSeconds(roots: number[]): number[] {
  const tree = readProcessTree();
  return roots.map((root) =>
    processAndDescendants(root, tree).reduce((sum, process) => sum + process.cpuSeconds, 0),
  );
}

/** Runs `work`, and answers how many cores each of `roots` kept busy meanwhile. */
export async function coresBusyDuring<T>(
  roots: number[],
  work: () => Promise<T>,
): Promise<{ result: T; cores: number[] }> {
  const before = cpuSeconds(roots);
  const began = performance.now();
  const result = await work();
  const seconds = (performance.now() - began) / 1000;
  const after = cpuSeconds(roots);
  return { result, cores: after.map((used, i) => (used - (before[i] ?? 0)) / seconds) };
}
