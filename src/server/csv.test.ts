import { describe, expect, it } from 'vitest';
import type { SessionRow } from '@/store';
import { csvField, sessionsCsv } from './csv';

describe('csvField', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvField('ada')).toBe('ada');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+2348012345678')).toBe("'+2348012345678");
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
  });
});

describe('sessionsCsv', () => {
  it('streams a header and one line per session across batches', async () => {
    const row = (i: number): SessionRow => ({
      id: i,
      location: 'awka',
      routerId: `*${i.toString(16).toUpperCase()}`,
      user: `u${i}`,
      mac: 'AA:BB:CC:DD:EE:FF',
      address: '10.5.50.2',
      loginBy: 'http-chap',
      server: 'hotspot1',
      loginAt: 1_700_000_000_000,
      firstSeen: 1_700_000_000_000,
      lastSeen: 1_700_000_090_000,
      logoutAt: i % 2 ? 1_700_000_090_000 : null,
      bytesIn: 10,
      bytesOut: 20,
      packetsIn: 1,
      packetsOut: 2,
      endReason: i % 2 ? 'logout' : null,
    });
    const text = await new Response(sessionsCsv(Array.from({ length: 1203 }, (_, i) => row(i)), 500)).text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1204);
    expect(lines[1]).toBe('awka,u0,AA:BB:CC:DD:EE:FF,10.5.50.2,2023-11-14T22:13:20.000Z,,90,10,20,active,*0');
    expect(lines[2]).toContain(',2023-11-14T22:14:50.000Z,90,10,20,logout,*1');
  });
});
