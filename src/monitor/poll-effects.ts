/**
 * The executor: carries out the reducer's effects, and is the only part of the poller that
 * touches history and the event stream. Nothing it does can throw back into the poll loop: history
 * goes through the {@link HistoryBuffer} (which holds writes while the store fails) and each effect
 * runs in its own guard, so a throwing subscriber costs that one event, not the rest.
 */
import type { FleetEvent } from '@/lib/types';
import type { HistoryBuffer } from './history-buffer';
import type { Logger } from '@/log';
import type { Effect } from './poll-reducer';
import { sessionEvents } from './session-changes';

/** Where effects land: history (through the buffer), subscribers, the log. */
export interface EffectSinks {
  history: HistoryBuffer;
  emit: (event: FleetEvent) => void;
  log: Logger;
}

/** Applies `effects` in order, each after the one before has finished. Never rejects. */
export async function applyEffects(effects: readonly Effect[], sinks: EffectSinks): Promise<void> {
  for (const effect of effects) {
    try {
      await applyOne(effect, sinks);
    } catch (err) {
      try {
        sinks.log('error', 'effect failed', { kind: effect.kind, error: (err as Error)?.message });
      } catch {
        // a logger that throws has nothing left to tell
      }
    }
  }
}

async function applyOne(e: Effect, { history, emit, log }: EffectSinks): Promise<void> {
  switch (e.kind) {
    case 'sync-sessions': {
      const sync = await history.syncSessions(e.location, e.at, e.observed, e.options);
      // History knows best what is new (it remembers across restarts); when it cannot answer,
      // subscribers still hear what the live lists say.
      const events = sync ? sessionEvents(e.location, sync, e.sessions, e.before, e.at) : e.fallback;
      emitAll(events, emit, log);
      return;
    }
    case 'close-lost': {
      const closed = await history.closeLost(e.location, e.at);
      if (closed?.length) emitAll(sessionEvents(e.location, { opened: [], closed, updated: 0 }, [], new Map(), e.at), emit, log);
      return;
    }
    case 'sample':
      return history.insertSample(e.sample);
    case 'router-event':
      return history.recordRouterEvent(e.event);
    case 'emit':
      return emit(e.event);
    case 'log':
      return log(e.level, e.message, e.fields);
  }
}

function emitAll(events: readonly FleetEvent[], emit: (event: FleetEvent) => void, log: Logger): void {
  for (const ev of events) {
    try {
      emit(ev);
    } catch (err) {
      log('error', 'event listener failed', { type: ev.type, error: (err as Error)?.message });
    }
  }
}
