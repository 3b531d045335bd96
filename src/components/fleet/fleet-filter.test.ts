import { describe, expect, it } from 'vitest';
import type { LocationStatus, LocationSummary } from '@/lib/types';
import { filterLocations } from './fleet-filter';

const loc = (id: string, status: LocationStatus, activeUsers: number, cpu: number | null = null): LocationSummary => ({
  id,
  name: id[0]!.toUpperCase() + id.slice(1),
  host: `10.0.0.${id.length}`,
  port: 8728,
  tls: false,
  status,
  statusReason: null,
  statusSince: 0,
  activeUsers,
  totalUsers: 100,
  lastActivity: null,
  health: cpu === null ? null : { identity: id, version: null, boardName: null, architecture: null, cpuLoad: cpu, cpuCount: 1, memoryUsed: null, memoryTotal: null, uptimeSeconds: null },
  bandwidth: null,
  pollLatencyMs: null,
  polledAt: null,
  attemptedAt: null,
  listening: false,
});

const fleet = [loc('awka', 'online', 30, 10), loc('lagos', 'offline', 0), loc('kano', 'degraded', 80, 95), loc('abuja', 'online', 50, 20), loc('enugu', 'pending', 0)];
const ids = (l: LocationSummary[]) => l.map((x) => x.id);

describe('filterLocations', () => {
  it('puts problems first, then by name', () => {
    expect(ids(filterLocations(fleet, { query: '', status: 'all', sort: 'problems' }))).toEqual(['lagos', 'kano', 'enugu', 'abuja', 'awka']);
  });

  it('filters by status group', () => {
    expect(ids(filterLocations(fleet, { query: '', status: 'problems', sort: 'name' }))).toEqual(['enugu', 'kano', 'lagos']);
    expect(ids(filterLocations(fleet, { query: '', status: 'online', sort: 'name' }))).toEqual(['abuja', 'awka', 'kano']);
    expect(ids(filterLocations(fleet, { query: '', status: 'offline', sort: 'name' }))).toEqual(['lagos']);
  });

  it('searches name and address, and sorts by load', () => {
    expect(ids(filterLocations(fleet, { query: 'AW', status: 'all', sort: 'name' }))).toEqual(['awka']);
    expect(ids(filterLocations(fleet, { query: '10.0.0.5', status: 'all', sort: 'name' }))).toEqual(['abuja', 'enugu', 'lagos']);
    expect(ids(filterLocations(fleet, { query: '', status: 'all', sort: 'users' })).slice(0, 3)).toEqual(['kano', 'abuja', 'awka']);
    expect(ids(filterLocations(fleet, { query: '', status: 'all', sort: 'cpu' })).slice(0, 2)).toEqual(['kano', 'abuja']);
  });

  it('handles 500 locations quickly', () => {
    const many = Array.from({ length: 500 }, (_, i) => loc(`site${i}`, i % 7 ? 'online' : 'offline', i % 40, i % 100));
    const t = performance.now();
    for (let i = 0; i < 20; i++) filterLocations(many, { query: 'site1', status: 'all', sort: 'problems' });
    expect((performance.now() - t) / 20).toBeLessThan(20);
  });
});
