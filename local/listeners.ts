// Who listens on a TCP port: the address each listening socket is bound to and, when this
// user may see it, the process holding it. Read from /proc on Linux, from `lsof` elsewhere.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { BlockList } from "node:net";

export interface Listener {
  /** The address the socket is bound to: "127.0.0.1", "0.0.0.0", "::", "::1"... */
  address: string;
  pid?: number;
  /** The holding process's command name, e.g. "java". */
  command?: string;
}

const TCP_LISTEN = "0A";

export function listenersOn(port: number): Listener[] {
  return existsSync("/proc/net/tcp") ? procListenersOn(port) : lsofListenersOn(port);
}

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");
loopback.addSubnet("::ffff:127.0.0.0", 104, "ipv6");

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback addresses. */
export function isLoopback(address: string): boolean {
  return loopback.check(address, address.includes(":") ? "ipv6" : "ipv4");
}

/** One line of the answer: "port 3000 is in use by pid 123 (node)". */
export function describeHolder(listeners: Listener[]): string {
  const holder = listeners.find((listener) => listener.pid !== undefined);
  if (holder?.pid === undefined) return "another process (of another user?)";
  return `pid ${holder.pid}${holder.command ? ` (${holder.command})` : ""}`;
}

function procListenersOn(port: number): Listener[] {
  const sockets: { address: string; inode: string }[] = [];
  for (const [file, decode] of [
    ["/proc/net/tcp", ipv4FromProc],
    ["/proc/net/tcp6", ipv6FromProc],
  ] as const) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (!local || state !== TCP_LISTEN || !inode) continue;
      const [hexAddress = "", hexPort = ""] = local.split(":");
      if (Number.parseInt(hexPort, 16) === port)
        sockets.push({ address: decode(hexAddress), inode });
    }
  }
  if (sockets.length === 0) return [];
  const holders = socketHolders(new Set(sockets.map((socket) => socket.inode)));
  return sockets.map(({ address, inode }) => ({ address, ...holders.get(inode) }));
}

/** Which process holds each socket inode, among the processes this user may inspect. */
function socketHolders(inodes: Set<string>): Map<string, { pid: number; command: string }> {
  const holders = new Map<string, { pid: number; command: string }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode) && !holders.has(inode)) {
        holders.set(inode, { pid: Number(entry), command: commandOf(entry) });
      }
    }
  }
  return holders;
}

function commandOf(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

/** /proc/net/tcp writes an IPv4 address as 8 hex digits in host (little-endian) order. */
function ipv4FromProc(hex: string): string {
  return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(".");
}

/** /proc/net/tcp6: four 32-bit words, each in host order; URL formats it canonically. */
function ipv6FromProc(hex: string): string {
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap((word) =>
    [6, 4, 2, 0].map((i) => word.slice(i, i + 2)),
  );
  const groups = Array.from({ length: 8 }, (_, i) => `${bytes[2 * i]}${bytes[2 * i + 1]}`);
  return new URL(`http://[${groups.join(":")}]`).hostname.slice(1, -1);
}

function lsofListenersOn(port: number): Listener[] {
  let output: string;
  try {
    output = execFileSync("lsof", ["-nP", `-iTCP:${port}`, "-sTCP:LISTEN", "-Fpcn"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return []; // no lsof, or nothing listening
  }
  const listeners: Listener[] = [];
  let pid: number | undefined;
  let command: string | undefined;
  for (const line of output.split("\n")) {
    if (line.startsWith("p")) pid = Number(line.slice(1));
    else if (line.startsWith("c")) command = line.slice(1);
    else if (line.startsWith("n")) {
      const address = line
        .slice(1)
        .replace(/:\d+$/, "")
        .replace(/^\[|\]$/g, "");
      listeners.push({ address: address === "*" ? "0.0.0.0" : address, pid, command });
    }
  }
  return listeners;
}
