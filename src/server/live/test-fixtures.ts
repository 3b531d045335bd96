/** A location summary for the server's unit tests: online, one active user, overridable. Not part of the app. */
import type { LocationSummary } from '@/lib/types';

export const summary = (id: string, over: Partial<LocationSummary> = {}): LocationSummary => ({
  id,
  name: id,
  host: '127.0.0.1',
  port: 8728,
  tls: false,
  status: 'online',
  statusReason: null,
  statusSince: 0,
  activeUsers: 1,
  totalUsers: 10,
  lastActivity: null,
  health: null,
  bandwidth: { source: 'ether1', downloadBps: 1, uploadBps: 2 },
  pollLatencyMs: 5,
  polledAt: 1000,
  attemptedAt: 1000,
  listening: true,
  ...over,
});
