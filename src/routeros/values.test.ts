import { describe, it, expect } from 'vitest';
import { formatDuration, isRouterId, parseBoolean, parseDuration, parseNumber, parseRouterDate } from './values';

describe('parseDuration', () => {
  it.each([
    ['1w2d3h4m5s', 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5],
    ['12m', 720],
    ['45s', 45],
    ['0s', 0],
    ['453us', 0.000453],
    ['150ms', 0.15],
    ['1h5m3s120ms', 3903.12],
    ['01:22:53', 4973],
    ['2d01:22:53', 2 * 86400 + 4973],
  ])('%s → %f s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', 'garbage', '5x', '1h garbage', 'h', '12:xx:00', '-5s'])('returns undefined for %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('returns undefined for missing values', () => {
    expect(parseDuration(undefined)).toBeUndefined();
    expect(parseDuration(null)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [720, '12m'],
    [90061, '1d1h1m1s'],
    [788645, '1w2d3h4m5s'],
    [0.15, '150ms'],
    [0.000453, '453us'],
  ])('%f s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it.each([0, 1, 59, 60, 3599, 3600, 86_399, 788_645, 1_000_000, 0.15, 3903.12])('round-trips %f', (seconds) => {
    expect(parseDuration(formatDuration(seconds))).toBe(seconds);
  });

  it('rejects negative and non-finite input', () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
  });
});

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['false', false],
    ['yes', true],
    ['no', false],
    ['TRUE', true],
  ])('%s → %s', (text, value) => {
    expect(parseBoolean(text)).toBe(value);
  });

  it.each(['', 'maybe', '1', undefined])('returns undefined for %j', (text) => {
    expect(parseBoolean(text)).toBeUndefined();
  });
});

describe('parseNumber', () => {
  it('parses plain decimals, counters past 2^32 included', () => {
    expect(parseNumber('0')).toBe(0);
    expect(parseNumber('42')).toBe(42);
    expect(parseNumber('-7')).toBe(-7);
    expect(parseNumber('12.5')).toBe(12.5);
    expect(parseNumber('123456789012345')).toBe(123456789012345);
  });

  it.each(['', 'abc', '1e5', '12k', '0x10', undefined])('returns undefined for %j', (text) => {
    expect(parseNumber(text)).toBeUndefined();
  });
});

describe('parseRouterDate', () => {
  const expected = Date.UTC(2023, 5, 26, 0, 32, 53);

  it('parses the pre-7.10 form', () => {
    expect(parseRouterDate('jun/26/2023 00:32:53')).toBe(expected);
  });

  it('parses the 7.10+ form', () => {
    expect(parseRouterDate('2023-06-26 00:32:53')).toBe(expected);
  });

  it('applies the router UTC offset', () => {
    expect(parseRouterDate('2023-06-26 01:32:53', 60)).toBe(expected);
  });

  it('parses a date without time', () => {
    expect(parseRouterDate('Jun/26/2023')).toBe(Date.UTC(2023, 5, 26));
  });

  it.each(['', 'yesterday', 'foo/26/2023 00:00:00', '2023-06-26 25h'])('returns undefined for %j', (text) => {
    expect(parseRouterDate(text)).toBeUndefined();
  });
});

describe('isRouterId', () => {
  it('accepts * and hex', () => {
    expect(isRouterId('*1')).toBe(true);
    expect(isRouterId('*4F2')).toBe(true);
    expect(isRouterId('1')).toBe(false);
    expect(isRouterId('*')).toBe(false);
    expect(isRouterId('*G')).toBe(false);
  });
});
