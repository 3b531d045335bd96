/** CPU and memory of a process tree from /proc (Linux), for measuring the app server from outside. */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function stat(pid: number): { ppid: number; cpuTicks: number; childTicks: number; rssBytes: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]), childTicks: Number(fields[13]) + Number(fields[14]), rssBytes: rss };
  } catch {
    return undefined;
  }
}

/** The process and all its descendants. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (!s) continue;
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

export interface Usage {
  cpuSeconds: number;
  rssBytes: number;
}

export function treeUsage(root: number): Usage {
  let ticks = 0;
  let rss = 0;
  for (const pid of processTree(root)) {
    const s = stat(pid);
    if (!s) continue;
    ticks += s.cpuTicks;
    rss += s.rssBytes;
  }
  return { cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes: rss };
}

/**
 * CPU of a server that forks a process per connection (PostgreSQL): the tree's own time plus what
 * its exited children used (the root's `cutime`/`cstime`), so a backend that ends during a
 * measurement does not take its CPU time with it.
 */
export function forkingServerUsage(root: number): Usage {
  const own = treeUsage(root);
  const exited = stat(root)?.childTicks ?? 0;
  return { cpuSeconds: own.cpuSeconds + exited / TICKS_PER_SECOND, rssBytes: own.rssBytes };
}
