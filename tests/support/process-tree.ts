// The machine's processes as a tree, from /proc (Linux): who started whom, what each runs
// and the CPU it has used. Benchmarks read CPU from it; tests, what a process left running.
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

export interface ProcessInfo {
  pid: number;
  parent: number;
  /** CPU seconds used so far (user and system). */
  cpuSeconds: number;
  /** The command line, its arguments joined by spaces. */
  command: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: read the fields after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return {
      pid,
      parent: Number(fields[1]),
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      command,
    };
  } catch {
    return undefined; // gone, or not Linux
  }
}

export interface ProcessTree {
  processes: Map<number, ProcessInfo>;
  childrenOf: Map<number, number[]>;
}

/** Each process and its children, as /proc shows them now. */
export function readProcessTree(): ProcessTree {
  const processes = new Map<number, ProcessInfo>();
  const childrenOf = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    const info = /^\d+$/.test(name) ? readProcess(Number(name)) : undefined;
    if (!info) continue;
    processes.set(info.pid, info);
    childrenOf.set(info.parent, [...(childrenOf.get(info.parent) ?? []), info.pid]);
  }
  return { processes, childrenOf };
}

/** `root` and every process it started, directly or not, in `tree` (by default, now's). */
export function processAndDescendants(
  root: number,
  { processes, childrenOf }: ProcessTree = readProcessTree(),
): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  const visit = (pid: number) => {
    const info = processes.get(pid);
    if (info) found.push(info);
    for (const child of childrenOf.get(pid) ?? []) visit(child);
  };
  visit(root);
  return found;
}
