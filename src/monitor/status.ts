/**
 * Turns what happened during a poll into a status and a reason a person understands. Pure, so
 * every wording is unit-tested and the UI never has to interpret error codes.
 */
import type { LocationStatus } from '@/lib/types';
import { RouterOSError } from '@/routeros/errors';
import type { ConnectionError, TimeoutError, TrapError } from '@/routeros/errors';

export interface StatusVerdict {
  status: LocationStatus;
  reason: string | null;
}

const SOCKET_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (API service disabled, wrong port, or router down)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host is down',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset by the router',
  EPIPE: 'connection lost',
  ETIMEDOUT: 'network timeout',
};

/** Classifies a failed poll. `phase` tells whether it failed while connecting or afterwards. */
export function failureVerdict(err: unknown, phase: 'connect' | 'poll'): StatusVerdict {
  if (!(err instanceof RouterOSError)) {
    return { status: 'error', reason: `unexpected failure: ${err instanceof Error ? err.message : String(err)}` };
  }
  switch (err.code) {
    case 'LOGIN':
      return { status: 'auth-failed', reason: `wrong API user name or password (router said: ${err.message})` };
    case 'TIMEOUT': {
      const secs = Math.round((err as TimeoutError).timeoutMs / 100) / 10;
      return {
        status: 'offline',
        reason: phase === 'connect' ? `no answer within ${secs} s while connecting` : `router stopped answering (no reply within ${secs} s)`,
      };
    }
    case 'CONNECTION':
    case 'CLOSED': {
      const sys = (err as ConnectionError).syscode;
      return { status: 'offline', reason: (sys && SOCKET_REASONS[sys]) || err.message || 'connection lost' };
    }
    case 'CLOSED_AT_LOGIN':
      return {
        status: 'offline',
        reason: 'router refused the login: too many API sessions (max-sessions) or the API service is restricted (it closed the connection before answering)',
      };
    case 'PROTOCOL':
      // A connection that logged in has spoken the protocol: what broke is the data, not the port.
      return phase === 'poll'
        ? { status: 'error', reason: 'router sent corrupt data mid-reply (not the RouterOS API protocol): a faulty router or network path?' }
        : { status: 'error', reason: 'reply is not the RouterOS API protocol (wrong port, or another service on it?)' };
    case 'FATAL':
      return { status: 'error', reason: `router ended the API session: ${(err as { reason?: string }).reason || 'fatal error'}` };
    case 'TRAP': {
      const t = err as TrapError;
      const msg = t.traps.map((x) => x.message).join('; ');
      if (/not enough permissions/i.test(msg)) {
        return { status: 'error', reason: `API user lacks a permission for ${t.command} (${msg})` };
      }
      return { status: 'error', reason: `${t.command} failed: ${msg || 'router error'}` };
    }
    case 'ABORTED':
      return { status: 'offline', reason: 'polling stopped' };
  }
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
