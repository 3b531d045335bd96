import { describe, expect, it } from 'vitest';
import type { LocationSummary } from '@/lib/types';
import { applyPatches } from './live-patch';

const awka = { id: 'awka', name: 'Awka', status: 'online', activeUsers: 3, lastActivity: null } as unknown as LocationSummary;

describe('applying live patches', () => {
  it('changes only the fields a patch carries, and keeps untouched locations as they were', () => {
    const lagos = { ...awka, id: 'lagos', name: 'Lagos' } as LocationSummary;
    const next = applyPatches([awka, lagos], [{ id: 'awka', activeUsers: 5, lastActivity: '2026-11-26T10:00:00.000Z' }]);
    expect(next[0]).toMatchObject({ id: 'awka', name: 'Awka', activeUsers: 5, lastActivity: Date.parse('2026-11-26T10:00:00.000Z') });
    expect(next[1]).toBe(lagos);
  });

  it('appends a location it did not know when the patch is a whole location (one added in the dashboard)', () => {
    const next = applyPatches([awka], [{ id: 'nsukka', name: 'Nsukka', status: 'pending', activeUsers: 0, lastActivity: null }]);
    expect(next.map((l) => l.id)).toEqual(['awka', 'nsukka']);
    expect(next[1]).toMatchObject({ name: 'Nsukka', status: 'pending' });
  });

  it('ignores a partial patch of an unknown location (a snapshot will bring it)', () => {
    expect(applyPatches([awka], [{ id: 'ghost', activeUsers: 2 }]).map((l) => l.id)).toEqual(['awka']);
  });

  it('drops a removed location, before applying the patches of the same frame', () => {
    const lagos = { ...awka, id: 'lagos', name: 'Lagos' } as LocationSummary;
    const list = [awka, lagos];
    expect(applyPatches(list, [], ['awka'])).toEqual([lagos]);
    // Removed and added again within one frame: the old record goes, the new one comes whole.
    const again = applyPatches(list, [{ id: 'awka', name: 'Awka 2', status: 'pending', activeUsers: 0, lastActivity: null }], ['awka']);
    expect(again.map((l) => [l.id, l.name, l.activeUsers])).toEqual([
      ['lagos', 'Lagos', 3],
      ['awka', 'Awka 2', 0],
    ]);
    expect(applyPatches(list, [], ['ghost'])).toBe(list);
  });
});
