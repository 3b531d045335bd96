import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inQuietHours, signBody } from './channels';
import { composeMessage } from './messages';

describe('quiet hours', () => {
  const at = (hhmm: string) => Date.parse(`2026-11-26T${hhmm}:00Z`);
  const night = { start: '22:00', end: '07:00', timeZone: 'UTC' };

  it('wrap midnight and end at the end minute', () => {
    expect(inQuietHours(night, at('23:30'))).toBe(true);
    expect(inQuietHours(night, at('03:00'))).toBe(true);
    expect(inQuietHours(night, at('06:59'))).toBe(true);
    expect(inQuietHours(night, at('07:00'))).toBe(false);
    expect(inQuietHours(night, at('12:00'))).toBe(false);
    expect(inQuietHours(null, at('23:30'))).toBe(false);
  });

  it('follow the channel time zone', () => {
    // 21:30 UTC is 22:30 in Lagos (UTC+1).
    expect(inQuietHours({ ...night, timeZone: 'Africa/Lagos' }, at('21:30'))).toBe(true);
    expect(inQuietHours(night, at('21:30'))).toBe(false);
  });
});

describe('webhook signature', () => {
  it('is the hex HMAC-SHA256 of the exact body', () => {
    const body = '{"event":"open"}';
    expect(signBody(body, 'k')).toBe(`sha256=${createHmac('sha256', 'k').update(body).digest('hex')}`);
  });
});

describe('messages', () => {
  const base = { id: 4, rule: 'down', severity: 'critical' as const, locations: ['awka'], detail: 'unreachable: connection refused', startedAt: Date.UTC(2026, 10, 26, 14, 3), openedAt: 0, resolvedAt: null, resolveDetail: null, ackedAt: null, ackedBy: null, reminders: 0, remindedAt: null };
  const ctx = { nameOf: (id: string) => (id === 'awka' ? 'Awka' : id), publicUrl: 'https://noc.example', now: Date.UTC(2026, 10, 26, 14, 15) };

  it('say what, where, since when, with a link, in three short lines', () => {
    const m = composeMessage('open', base, ctx);
    const [first, second, third] = m.text.split('\n');
    expect(first).toBe('🔴 DOWN: Awka');
    expect(second).toMatch(/^unreachable: connection refused, since \d\d:03$/);
    expect(third).toBe('https://noc.example/hotspot/awka');
    expect(m.subject).toBe('DOWN: Awka');
    const done = composeMessage('resolved', { ...base, resolvedAt: base.startedAt + 12 * 60_000 + 5000, resolveDetail: 'back online' }, ctx);
    expect(done.text.split('\n').slice(0, 2)).toEqual(['✅ RECOVERED: Awka', 'back online after 12 m 5 s (down)']);
  });

  it('list the sites of a grouped outage and link to the alerts page', () => {
    const m = composeMessage('open', { ...base, rule: 'many-down', locations: ['awka', 'lagos', 'kano'] }, ctx);
    expect(m.text).toMatch(/^🔴 3 SITES DOWN: Awka, lagos, kano\nsince \d\d:03\nhttps:\/\/noc.example\/alerts$/);
  });
});
