/**
 * Turns what happened during a poll into a status and a reason a person understands. Pure, so
 * every wording is unit-tested and the UI never has to interpret error codes.
 */
import type { LocationStatus } from '@/lib/types';

export interface StatusVerdict {
  status: LocationStatus;
  reason: string | null;
}

export interface HealthFigures {
  cpuLoad: number | null;
  memoryUsed: number | null;
  memoryTotal: number | null;
  pollLatencyMs: number;
  recentDrops: number;
}

/** Thresholds above which a reachable router is shown as degraded. */
export const DEGRADED = { cpu: 90, memory: 0.9, drops: 2 } as const;

/** Status of a router that answered the poll: online, or degraded with every reason that applies. */
export function healthVerdict(h: HealthFigures, commandTimeoutMs: number): StatusVerdict {
  const reasons: string[] = [];
  if (h.cpuLoad !== null && h.cpuLoad >= DEGRADED.cpu) reasons.push(`CPU ${Math.round(h.cpuLoad)}%`);
  if (h.memoryUsed !== null && h.memoryTotal) {
    const used = h.memoryUsed / h.memoryTotal;
    if (used >= DEGRADED.memory) reasons.push(`memory ${Math.round(used * 100)}% used`);
  }
  if (h.pollLatencyMs > commandTimeoutMs / 2) reasons.push(`slow: poll took ${(h.pollLatencyMs / 1000).toFixed(1)} s`);
  if (h.recentDrops >= DEGRADED.drops) reasons.push(`unstable: connection dropped ${h.recentDrops} times in 10 min`);
  return reasons.length ? { status: 'degraded', reason: reasons.join(', ') } : { status: 'online', reason: null };
}
