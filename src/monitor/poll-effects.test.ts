import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '@/lib/types';
import { useTempStore } from '@/store/test-support';
import { HistoryBuffer } from './history-buffer';
import { applyEffects } from './poll-effects';
import { initialState, type Effect } from './poll-reducer';

const T0 = Date.UTC(2026, 10, 26, 12);
const location = initialState({ id: 'awka', name: 'Awka', host: 'h', port: 8728, tls: false }, T0, null).summary;

describe('applyEffects', () => {
  const temp = useTempStore();

  it('carries out every effect even when the store is gone and a subscriber throws', async () => {
    const store = temp.open(() => T0);
    const logs: string[] = [];
    const history = new HistoryBuffer(store, { now: () => T0, log: (_l, m) => logs.push(m) });
    await store.close(); // every write now throws "The database connection is not open"
    const got: FleetEvent[] = [];
    let calls = 0;
    const effects: Effect[] = [
      { kind: 'router-event', event: { location: 'awka', at: T0, status: 'online', reason: null } },
      { kind: 'emit', event: { type: 'location', location } },
      {
        kind: 'sync-sessions', location: 'awka', at: T0, observed: [], options: {}, sessions: [], before: new Map(),
        fallback: [{ type: 'session-end', location: 'awka', session: {} as never, reason: 'logout', at: T0 }],
      },
      { kind: 'emit', event: { type: 'location', location } },
    ];
    await expect(
      applyEffects(effects, {
        history,
        emit: (e) => {
          if (++calls === 1) throw new Error('subscriber broke');
          got.push(e);
        },
        log: (_l, m) => logs.push(m),
      }),
    ).resolves.toBeUndefined();
    // The sync could not be written, so subscribers hear the reducer's own reading of the change.
    expect(got.map((e) => e.type)).toEqual(['session-end', 'location']);
    expect(logs).toEqual(expect.arrayContaining(['effect failed', 'history not being recorded']));
    expect(history.status()).toMatchObject({ state: 'failing', pending: 2 });
    await history.stop();
  });
});
