/**
 * The poller's decisions as a pure reducer: what a poll read, a failure, or a batch of listen
 * rows means for one location, given what we knew. Each returns the new state and the effects to
 * carry out (history writes, live events, log lines) as data; `poll-effects.ts` carries them out.
 * No sockets, clocks or store here, so every rule is unit-tested with plain values.
 */
import type { ActiveSession, LocationSummary } from '@/lib/types';
import type { Row } from '@/routeros/types';
import { deriveBandwidth, deriveSessions, endedSessions, isReboot, wanDelta } from './derive';
import type { EndReason } from './history';
import { parseHotspotActive, type RawActive } from './menus/hotspot-active';
import { parseUserCount } from './menus/hotspot-user';
import { parseInterfaces, pickWan } from './menus/interface';
import { parseSystemIdentity } from './menus/system-identity';
import { parseSystemResource } from './menus/system-resource';
import { checkStall, DEFAULT_LISTEN_GRACE_MS, noteDelivered, noteMissed } from './listen-watch';
import { applyListenRows, liveSessionEvents } from './session-changes';
import { copySummary, DROP_WINDOW_MS, type Effect, type PollerState, type Readings, type ReducerContext, type Step } from './poll-state';
import { healthVerdict, type StatusVerdict } from './status';

export { copySummary, DEFAULT_LOST_GRACE_MS, initialState } from './poll-state';
export type { Effect, PollerState, Readings, ReducerContext, Step } from './poll-state';

const reachable = (s: LocationSummary['status']) => s === 'online' || s === 'degraded';

/** A complete, successful poll. */
export function reducePoll(s: PollerState, r: Readings, at: number, ctx: ReducerContext): Step {
  const id = ctx.location.id;
  const res = parseSystemResource(r.resource.rows[0]);
  const identity = r.identity ? parseSystemIdentity(r.identity.rows[0]) : s.identity;
  const raw = r.active.rows.map(parseHotspotActive).filter((x): x is RawActive => x !== undefined);
  const rebooted = isReboot(s.prev, res.uptimeSeconds, raw);
  // A router whose uptime is shorter than our outage restarted while we could not see it.
  const rebootedUnseen = !s.prev && s.lastGood !== null && res.uptimeSeconds !== null && res.uptimeSeconds * 1000 < at - s.lastGood.at;
  const prev = rebooted ? null : s.prev;
  // Known not to have restarted: a session's uptime going back is then the router's clock.
  const sameBoot = prev !== null && prev.uptimeSeconds !== null && res.uptimeSeconds !== null;
  const sessions = deriveSessions(prev, at, raw, sameBoot);
  const ended = endedSessions(s.prev, at, sessions, s.kicked, rebooted);
  const endReasons = new Map<string, EndReason>(ended.map((e) => [e.session.id, e.reason]));
  for (const k of s.kicked) if (!endReasons.has(k)) endReasons.set(k, 'kicked');
  // Sessions open in history but gone after an outage: we never saw them leave.
  const defaultEndReason: EndReason = rebootedUnseen ? 'router-reboot' : s.lost ? 'router-lost' : 'logout';
  const rawById = new Map(raw.map((x) => [x.id, x]));
  const live = new Set(sessions.map((x) => x.id));

  const wan = pickWan(parseInterfaces(r.interfaces.rows), ctx.location.interface);
  const delta = wanDelta(prev, wan, rebooted);
  const bandwidth = deriveBandwidth(prev, at, delta, sessions);
  let rxBytes = delta?.rxBytes ?? null;
  let txBytes = delta?.txBytes ?? null;
  if (rxBytes === null && prev) {
    // No usable WAN counter: count the hotspot's own traffic instead.
    rxBytes = txBytes = 0;
    for (const x of sessions) {
      const b = prev.sessions.get(x.id);
      if (!b || b.loginAt !== x.loginAt) continue;
      rxBytes += Math.max(0, x.bytesOut - b.bytesOut);
      txBytes += Math.max(0, x.bytesIn - b.bytesIn);
    }
  }
  const memoryUsed = res.totalMemory !== null && res.freeMemory !== null ? res.totalMemory - res.freeMemory : null;
  const drops = s.drops.filter((t) => at - t < DROP_WINDOW_MS);
  const verdict = healthVerdict(
    { cpuLoad: res.cpuLoad, memoryUsed, memoryTotal: res.totalMemory, pollLatencyMs: r.latencyMs, recentDrops: drops.length },
    ctx.commandTimeoutMs,
  );
  const totalUsers = parseUserCount(r.users.ret) ?? s.summary.totalUsers;
  const summary: LocationSummary = {
    ...s.summary,
    activeUsers: sessions.length,
    totalUsers,
    lastActivity: newestLogin(s.summary.lastActivity, sessions),
    health: {
      identity,
      version: res.version,
      boardName: res.boardName,
      architecture: res.architecture,
      cpuLoad: res.cpuLoad,
      cpuCount: res.cpuCount,
      memoryUsed,
      memoryTotal: res.totalMemory,
      uptimeSeconds: res.uptimeSeconds,
    },
    bandwidth,
    pollLatencyMs: r.latencyMs,
    polledAt: at,
    sessionsUnknownSince: null,
  };
  const before = s.prev?.sessions ?? new Map<string, ActiveSession>();
  const effects: Effect[] = [
    {
      kind: 'sample',
      sample: { location: id, at, online: true, active: sessions.length, totalUsers: totalUsers ?? 0, cpu: res.cpuLoad, memUsed: memoryUsed, memTotal: res.totalMemory, rxBps: bandwidth?.downloadBps ?? null, txBps: bandwidth?.uploadBps ?? null, rxBytes, txBytes },
    },
  ];
  const status = statusChange(summary, verdict, at, id);
  effects.push(...status.effects, syncEffect(id, at, sessions, rawById, before, { endReasons, defaultEndReason }));
  const state: PollerState = {
    summary: status.summary,
    sessions,
    raw: rawById,
    prev: { at, uptimeSeconds: res.uptimeSeconds, sessions: new Map(sessions.map((x) => [x.id, x])), wan: wan ? { name: wan.name, rxByte: wan.rxByte, txByte: wan.txByte } : null },
    lastGood: { at, uptimeSeconds: res.uptimeSeconds },
    identity,
    drops,
    kicked: new Set([...s.kicked].filter((k) => live.has(k))),
    lost: null,
    listen: noteMissed(s.listen, s.sessions, sessions, s.prev?.at ?? null, at),
  };
  effects.push({ kind: 'emit', event: { type: 'location', location: copySummary(state.summary) } });
  return { state, effects };
}

/**
 * A failed poll (or connect). The live picture stops claiming anyone is online at a router we
 * cannot see; history keeps those sessions open as unknown until the grace runs out.
 */
export function reduceFailure(s: PollerState, verdict: StatusVerdict, at: number, ctx: ReducerContext, failures: number): Step {
  const id = ctx.location.id;
  const effects: Effect[] = [
    {
      kind: 'log',
      level: s.summary.status === verdict.status ? 'debug' : 'warn',
      message: 'poll failed',
      fields: { location: id, status: verdict.status, reason: verdict.reason, failures },
    },
  ];
  if (reachable(s.summary.status) || s.summary.status === 'pending') {
    effects.push({
      kind: 'sample',
      sample: { location: id, at, online: false, active: 0, totalUsers: s.summary.totalUsers ?? 0, cpu: null, memUsed: null, memTotal: null, rxBps: null, txBps: null, rxBytes: null, txBytes: null },
    });
  }
  const lost = s.lost ?? { since: at, closed: false };
  const summary = { ...s.summary, activeUsers: 0, bandwidth: null, pollLatencyMs: null, sessionsUnknownSince: lost.closed ? null : lost.since };
  const status = statusChange(summary, verdict, at, id);
  effects.push(...status.effects);
  const state: PollerState = { ...s, summary: status.summary, sessions: [], prev: null, lost };
  const graced = reduceGrace(state, at, ctx);
  graced.effects.unshift(...effects);
  graced.effects.push({ kind: 'emit', event: { type: 'location', location: copySummary(graced.state.summary) } });
  return graced;
}

/** Ends the sessions of a router unreachable for longer than the grace, once. */
export function reduceGrace(s: PollerState, at: number, ctx: ReducerContext): Step {
  if (!s.lost || s.lost.closed || at - s.lost.since < ctx.lostGraceMs) return { state: s, effects: [] };
  return {
    state: { ...s, lost: { ...s.lost, closed: true }, summary: { ...s.summary, sessionsUnknownSince: null } },
    effects: [
      { kind: 'close-lost', location: ctx.location.id, at },
      { kind: 'log', level: 'info', message: 'sessions ended as router-lost', fields: { location: ctx.location.id, unknownSince: s.lost.since } },
    ],
  };
}

/** When the grace of an unreachable router's sessions runs out, or undefined if none is running. */
export function lostDeadline(s: PollerState, ctx: ReducerContext): number | undefined {
  return s.lost && !s.lost.closed ? s.lost.since + ctx.lostGraceMs : undefined;
}

/**
 * Listen rows since the last batch. Logins and logouts change the live list, history and
 * subscribers at once, without a poll; counter-only changes update memory quietly. Without a
 * baseline (no good poll yet, or the router is not reachable) the rows only ask for a poll.
 */
export function reduceListen(s0: PollerState, rows: readonly Row[], at: number, ctx: ReducerContext): Step & { needsPoll: boolean } {
  const s: PollerState = { ...s0, listen: noteDelivered(s0.listen, rows) };
  if (!s.prev || !reachable(s.summary.status)) return { state: s, effects: [], needsPoll: true };
  const before = new Map(s.sessions.map((x) => [x.id, x]));
  const { now, baseline, raw, structural } = applyListenRows(rows, at, before, s.prev.sessions, s.raw);
  const sessions = [...now.values()];
  const quiet: PollerState = { ...s, sessions, raw, prev: { ...s.prev, sessions: baseline } };
  if (!structural) return { state: quiet, effects: [], needsPoll: false };
  const ended = endedSessions({ ...s.prev, sessions: before }, at, sessions, s.kicked, false);
  const endReasons = new Map<string, EndReason>(ended.map((e) => [e.session.id, e.reason]));
  const gone = new Set(ended.map((e) => e.session.id));
  const summary = { ...s.summary, activeUsers: sessions.length, lastActivity: newestLogin(s.summary.lastActivity, sessions) };
  const state: PollerState = { ...quiet, summary, kicked: new Set([...s.kicked].filter((k) => !gone.has(k))) };
  return {
    state,
    effects: [
      syncEffect(ctx.location.id, at, sessions, raw, before, { endReasons, defaultEndReason: 'logout' }),
      { kind: 'emit', event: { type: 'location', location: copySummary(summary) } },
    ],
    needsPoll: false,
  };
}

/**
 * Whether the listen stream has stalled: it still owes a login or logout a poll found more than
 * the grace ago. Then `restartInMs` says when to start a new stream (cancel this one now).
 */
export function reduceListenCheck(s: PollerState, at: number, ctx: ReducerContext): Step & { restartInMs?: number } {
  const stall = checkStall(s.listen, at, ctx.listenGraceMs ?? DEFAULT_LISTEN_GRACE_MS);
  if (!stall) return { state: s, effects: [] };
  return {
    state: { ...s, listen: stall.watch },
    effects: [
      {
        kind: 'log',
        level: 'warn',
        message: 'listen stalled: a poll found changes it never delivered',
        fields: { location: ctx.location.id, owed: [...s.listen.owed.keys()], stalls: stall.watch.stalls, restartInMs: stall.restartInMs },
      },
    ],
    restartInMs: stall.restartInMs,
  };
}

/** Status bookkeeping: the reason always updates; a change is recorded, announced and logged. */
function statusChange(summary: LocationSummary, v: StatusVerdict, at: number, id: string): { summary: LocationSummary; effects: Effect[] } {
  const previous = summary.status;
  if (previous === v.status) return { summary: { ...summary, statusReason: v.reason }, effects: [] };
  return {
    summary: { ...summary, status: v.status, statusReason: v.reason, statusSince: at },
    effects: [
      { kind: 'router-event', event: { location: id, at, status: v.status, reason: v.reason } },
      { kind: 'emit', event: { type: 'status', location: id, status: v.status, previous, reason: v.reason, at } },
      { kind: 'log', level: 'info', message: 'status changed', fields: { location: id, from: previous, to: v.status, reason: v.reason } },
    ],
  };
}

function syncEffect(
  location: string,
  at: number,
  sessions: readonly ActiveSession[],
  raw: ReadonlyMap<string, RawActive>,
  before: ReadonlyMap<string, ActiveSession>,
  options: { endReasons: Map<string, EndReason>; defaultEndReason: EndReason },
): Effect {
  const observed = sessions.map((x) => {
    const r = raw.get(x.id);
    return {
      routerId: x.id,
      user: x.user,
      mac: x.mac,
      address: x.address,
      loginBy: x.loginBy ?? '',
      server: x.server ?? '',
      // The login time we hold for the session, not `at - uptime` afresh: once we know a session
      // (same id, user, MAC, uptime still growing), a step of our clock or a router whose uptime
      // lags must not make history see a new login.
      uptimeSeconds: (at - x.loginAt) / 1000,
      bytesIn: x.bytesIn,
      bytesOut: x.bytesOut,
      packetsIn: r?.packetsIn,
      packetsOut: r?.packetsOut,
    };
  });
  const fallback = liveSessionEvents(location, before, sessions, options.endReasons, options.defaultEndReason, at);
  return { kind: 'sync-sessions', location, at, observed, options, sessions, before, fallback };
}

function newestLogin(lastActivity: number | null, sessions: readonly ActiveSession[]): number | null {
  let t = lastActivity;
  for (const x of sessions) if (t === null || x.loginAt > t) t = x.loginAt;
  return t;
}
