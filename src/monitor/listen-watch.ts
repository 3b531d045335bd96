/**
 * Noticing a stalled `listen`: a stream that stays up but stops delivering (small boards with
 * several streams lose updates; see ROUTEROS.md). Polls are the truth, so a poll that finds a
 * login or logout the stream has not told us about puts the stream in debt; if the stream does
 * not deliver that change within a grace, it has stalled and is restarted, after a delay that
 * doubles with each stall in a row so a stream that keeps failing is not restarted every second.
 * Pure functions over a small record kept in the poller's state.
 */
import type { ActiveSession } from '@/lib/types';
import type { Row } from '@/routeros/types';

/** What the current stream owes us, and how often streams stalled in a row. */
export interface ListenWatch {
  /** When the current stream started; `null` while none runs. */
  streamSince: number | null;
  /** Changes a poll found first: `.id` → what the stream has still to deliver for it. */
  owed: ReadonlyMap<string, 'login' | 'logout'>;
  /** When the oldest owed change was found; `null` when nothing is owed. */
  owedSince: number | null;
  /** Stalls in a row; sets the restart delay. Reset when a stream pays everything it owed. */
  stalls: number;
}

/**
 * How long a stream may take to deliver a change a poll already found: 3 s. A working stream
 * delivers within its debounce (250 ms) and a round trip; the poll interval has nothing to do
 * with it, and waiting two intervals of a slow schedule would leave a dead stream unnoticed for
 * minutes.
 */
export const DEFAULT_LISTEN_GRACE_MS = 3000;
/** The first restart after a stall waits 1 s, each stall in a row doubles it, up to 10 minutes. */
export const LISTEN_RESTART_BASE_MS = 1000;
export const LISTEN_RESTART_MAX_MS = 10 * 60_000;

export const initialListenWatch: ListenWatch = { streamSince: null, owed: new Map(), owedSince: null, stalls: 0 };

/** A stream started at `at`: it owes nothing from before it. */
export function streamStarted(w: ListenWatch, at: number): ListenWatch {
  return { ...w, streamSince: at, owed: new Map(), owedSince: null };
}

/** No stream runs any more: nothing can be owed. */
export function streamStopped(w: ListenWatch): ListenWatch {
  return { ...w, streamSince: null, owed: new Map(), owedSince: null };
}

const same = (a: ActiveSession, b: ActiveSession) => a.user === b.user && a.mac === b.mac;

/**
 * A poll's list (`polled`) against the live list as the last poll and the stream since left it
 * (`kept`): every login and logout between them is one the stream should have delivered, if it
 * already ran at the previous poll (`prevAt`). Changes from before the stream started are not its
 * debt (logins while reconnecting, say).
 */
export function noteMissed(w: ListenWatch, kept: readonly ActiveSession[], polled: readonly ActiveSession[], prevAt: number | null, at: number): ListenWatch {
  if (w.streamSince === null || prevAt === null || w.streamSince > prevAt) return w;
  const before = new Map(kept.map((x) => [x.id, x]));
  const now = new Set(polled.map((x) => x.id));
  const owed = new Map(w.owed);
  for (const x of polled) {
    const k = before.get(x.id);
    if (!k || !same(k, x)) owed.set(x.id, 'login');
  }
  // An `.id` now held by someone else was counted as a login above: one row pays for both.
  for (const k of kept) if (!now.has(k.id)) owed.set(k.id, 'logout');
  if (owed.size === w.owed.size && [...owed.keys()].every((id) => w.owed.has(id))) return w;
  return { ...w, owed, owedSince: w.owedSince ?? at };
}

/** Listen rows: each names a session, so what the stream owed for it is paid. */
export function noteDelivered(w: ListenWatch, rows: readonly Row[]): ListenWatch {
  if (w.owed.size === 0) return w;
  const owed = new Map(w.owed);
  for (const row of rows) {
    const id = row['.id'];
    if (id) owed.delete(id);
  }
  if (owed.size === w.owed.size) return w;
  // Everything paid: the stream works, so the next stall starts the backoff afresh.
  return owed.size === 0 ? { ...w, owed, owedSince: null, stalls: 0 } : { ...w, owed };
}

/** When the stream, if it still owes, counts as stalled; `undefined` when it owes nothing. */
export function stallDue(w: ListenWatch, graceMs: number): number | undefined {
  return w.owedSince === null || w.streamSince === null ? undefined : w.owedSince + graceMs;
}

/** The wait before restarting after the `stalls`-th stall in a row (1-based). */
export function restartDelay(stalls: number): number {
  return Math.min(LISTEN_RESTART_MAX_MS, LISTEN_RESTART_BASE_MS * 2 ** Math.max(0, stalls - 1));
}

/**
 * At `at`: if the stream still owes a change older than the grace, it has stalled. Returns the
 * watch after the stall (nothing owed, one more stall) and how long to wait before restarting;
 * `null` when it has not stalled.
 */
export function checkStall(w: ListenWatch, at: number, graceMs: number): { watch: ListenWatch; restartInMs: number } | null {
  const due = stallDue(w, graceMs);
  if (due === undefined || at < due) return null;
  const stalls = w.stalls + 1;
  return { watch: { ...w, owed: new Map(), owedSince: null, stalls }, restartInMs: restartDelay(stalls) };
}
