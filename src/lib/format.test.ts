import { describe, expect, it } from 'vitest';
import {
  formatBitRate,
  formatByteRate,
  formatBytes,
  formatClock,
  formatCount,
  formatDuration,
  formatPercent,
  formatRelative,
  formatTimestamp,
  parseTime,
} from './format';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [999.6, '1 KB'],
    [1000, '1 KB'],
    [1234, '1.2 KB'],
    [34_000_000, '34 MB'],
    [1_200_000_000, '1.2 GB'],
    [999_960, '1 MB'],
    [9_960_000, '10 MB'],
    [5.5e15, '5.5 PB'],
    [-2048, '-2 KB'],
  ])('%d → %s', (n, text) => expect(formatBytes(n)).toBe(text));

  it('shows a dash for missing values', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatBitRate and formatByteRate', () => {
  it.each([
    [0, '0 bps'],
    [800, '800 bps'],
    [3_400_000, '3.4 Mbps'],
    [12_500_000, '13 Mbps'],
    [1_000_000_000, '1 Gbps'],
  ])('%d bps → %s', (n, text) => expect(formatBitRate(n)).toBe(text));

  it('turns bytes per second into bits per second', () => {
    expect(formatByteRate(425_000)).toBe('3.4 Mbps');
    expect(formatByteRate(null)).toBe('—');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [45, '45 s'],
    [200, '3 m 20 s'],
    [180, '3 m'],
    [7500, '2 h 5 m'],
    [7200, '2 h'],
    [273_600, '3 d 4 h'],
    [86_400, '1 d'],
    [59.9, '59 s'],
  ])('%d s → %s', (s, text) => expect(formatDuration(s)).toBe(text));

  it('never shows negative time', () => expect(formatDuration(-5)).toBe('0 s'));
  it('shows a dash for missing values', () => expect(formatDuration(null)).toBe('—'));
});

describe('formatRelative', () => {
  const now = Date.UTC(2026, 10, 23, 14, 0, 0);
  it.each([
    [now - 2_000, 'just now'],
    [now - 42_000, '42 s ago'],
    [now - 5 * 60_000, '5 min ago'],
    [now - 3 * 3_600_000 - 59_000, '3 h ago'],
    [now - 2 * 86_400_000, '2 d ago'],
    [now - 90 * 86_400_000, '3 mo ago'],
    [now - 800 * 86_400_000, '2 y ago'],
    [now + 5 * 60_000, 'in 5 min'],
  ])('%d → %s', (at, text) => expect(formatRelative(at, now)).toBe(text));

  it('says never for a missing time', () => expect(formatRelative(null, now)).toBe('never'));
});

describe('small formats', () => {
  it('counts with thousands separators', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(12)).toBe('12');
    expect(formatCount(null)).toBe('—');
  });

  it('rounds percentages', () => {
    expect(formatPercent(96.6)).toBe('97%');
    expect(formatPercent(null)).toBe('—');
  });

  it('formats a clock time in a fixed offset', () => {
    const at = Date.UTC(2026, 10, 23, 13, 2, 0);
    expect(formatClock(at, 60)).toBe('14:02');
    expect(formatClock(at, 0)).toBe('13:02');
  });

  it('formats a full local timestamp', () => {
    expect(formatTimestamp(new Date(2026, 0, 2, 3, 4, 5).getTime())).toBe('2026-01-02 03:04:05');
    expect(formatTimestamp(null)).toBe('—');
  });

  it('parses API times', () => {
    expect(parseTime('2026-11-23T14:00:00.000Z')).toBe(Date.UTC(2026, 10, 23, 14));
    expect(parseTime(null)).toBeNull();
    expect(parseTime('nonsense')).toBeNull();
    expect(parseTime(5)).toBe(5);
  });
});
