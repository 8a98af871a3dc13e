// CPU time used by processes and their descendants, from /proc (Linux): what a benchmark
// reads beside its throughput, to tell a gateway that is out of CPU from one that waits.
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface ProcessStat {
  pid: number;
  parent: number;
  ticks: number;
}

function readStat(pid: number): ProcessStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: read the fields after it.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const parent = Number(fields[1]);
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    return { pid, parent, ticks };
  } catch {
    return undefined; // gone, or not Linux
  }
}

/** CPU seconds used so far by each of `roots` with all its descendants. */
export function cpuSeconds(roots: number[]): number[] {
  const ticksOf = new Map<number, number>();
  const childrenOf = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    const stat = /^\d+$/.test(name) ? readStat(Number(name)) : undefined;
    if (!stat) continue;
    ticksOf.set(stat.pid, stat.ticks);
    childrenOf.set(stat.parent, [...(childrenOf.get(stat.parent) ?? []), stat.pid]);
  }
  const total = (pid: number): number =>
    (ticksOf.get(pid) ?? 0) +
    (childrenOf.get(pid) ?? []).reduce((sum, child) => sum + total(child), 0);
  return roots.map((pid) => total(pid) / TICKS_PER_SECOND);
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
