import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesWords, codeSpace, drawCode, durationWords, expiresAt, isVoucherText, limitsInWords, loginUrl, VOUCHER_ALPHABET } from './vouchers';

describe('the voucher alphabet', () => {
  it('has no characters a reader confuses, and no lower case', () => {
    for (const c of '01OIQLU') expect(VOUCHER_ALPHABET).not.toContain(c);
    expect(VOUCHER_ALPHABET).toMatch(/^[2-9A-Z]+$/);
    expect(new Set(VOUCHER_ALPHABET).size).toBe(VOUCHER_ALPHABET.length);
  });

  it('recognises text made of it', () => {
    expect(isVoucherText('AB7K')).toBe(true);
    expect(isVoucherText('')).toBe(true);
    expect(isVoucherText('A0')).toBe(false);
    expect(isVoucherText('ab')).toBe(false);
  });
});

describe('drawCode', () => {
  it('is the prefix then length characters of the alphabet', () => {
    for (const length of [4, 8, 16]) {
      const code = drawCode('PH', length, randomInt);
      expect(code).toHaveLength(2 + length);
      expect(code.startsWith('PH')).toBe(true);
      expect(isVoucherText(code.slice(2))).toBe(true);
    }
  });

  it('uses every character and only those, evenly, with the CSPRNG', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) for (const c of drawCode('', 10, randomInt)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe([...VOUCHER_ALPHABET].sort().join(''));
    const expected = 20_000 / VOUCHER_ALPHABET.length;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.2);
  });

  it('draws 10 000 distinct codes of length 8', () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => drawCode('', 8, randomInt)));
    expect(codes.size).toBe(10_000);
    expect(codeSpace(8)).toBe(VOUCHER_ALPHABET.length ** 8);
  });
});

describe('words on the card', () => {
  it('words durations with the two largest units', () => {
    expect(durationWords(3600)).toBe('1 hour');
    expect(durationWords(5400)).toBe('1 hour 30 minutes');
    expect(durationWords(86_400 * 8)).toBe('1 week 1 day');
    expect(durationWords(0)).toBe('0 seconds');
  });

  it('words bytes in decimal units', () => {
    expect(bytesWords(500)).toBe('500 bytes');
    expect(bytesWords(1_500_000_000)).toBe('1.5 GB');
    expect(bytesWords(100_000_000)).toBe('100 MB');
  });

  it('lists what a voucher buys', () => {
    expect(limitsInWords({ limitUptimeSeconds: 10_800, limitBytesTotal: 1e9, validitySeconds: 7 * 86_400, validityFrom: 'first-use' })).toEqual([
      '3 hours online',
      '1 GB of data',
      'Valid 1 week from first login',
    ]);
    expect(limitsInWords({ limitUptimeSeconds: null, limitBytesTotal: null, validitySeconds: 86_400, validityFrom: 'creation' })).toEqual(['Unlimited time and data', 'Valid 1 day from purchase']);
  });
});

describe('expiresAt', () => {
  const l = { validitySeconds: 3600, validityFrom: 'first-use' as const };
  it('starts at first use, or at creation', () => {
    expect(expiresAt(l, 1000, null)).toBeNull();
    expect(expiresAt(l, 1000, 5000)).toBe(5000 + 3_600_000);
    expect(expiresAt({ ...l, validityFrom: 'creation' }, 1000, null)).toBe(1000 + 3_600_000);
    expect(expiresAt({ ...l, validitySeconds: null }, 1000, 5000)).toBeNull();
  });
});

describe('loginUrl', () => {
  it('fills every {code}, encoded', () => {
    expect(loginUrl('http://10.5.50.1/login?username={code}&password={code}', 'AB 7')).toBe('http://10.5.50.1/login?username=AB%207&password=AB%207');
  });
});
