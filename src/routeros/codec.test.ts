import { describe, it, expect } from 'vitest';
import { encodeLength, encodeSentence, MAX_WORD_LENGTH, SentenceDecoder } from './codec';
import { ProtocolError } from './errors';

const hex = (b: Buffer) => b.toString('hex').toUpperCase().match(/../g)!.join(' ');

/** The vectors of docs/routeros.md, wire form as written there. */
const VECTORS: [number, string][] = [
  [1, '01'],
  [0x7f, '7F'],
  [0x80, '80 80'],
  [0x87, '80 87'],
  [300, '81 2C'],
  [0x3fff, 'BF FF'],
  [0x4000, 'C0 40 00'],
  [17000, 'C0 42 68'],
  [0x1fffff, 'DF FF FF'],
  [0x200000, 'E0 20 00 00'],
  [0x2acdef, 'E0 2A CD EF'],
  [0xfffffff, 'EF FF FF FF'],
  [0x10000000, 'F0 10 00 00 00'],
  [0x10000080, 'F0 10 00 00 80'],
];

/** Each boundary of the length forms, both sides, with the prefix size expected. */
const BOUNDARIES: [number, number][] = [
  [0, 1],
  [0x7f, 1],
  [0x80, 2],
  [0x3fff, 2],
  [0x4000, 3],
  [0x1fffff, 3],
  [0x200000, 4],
  [0xfffffff, 4],
  [0x10000000, 5],
  [MAX_WORD_LENGTH, 5],
];

/**
 * Feeds `bytes` to a fresh decoder whole, and again one byte at a time, and checks both ways give
 * the same sentences (or the same error).
 */
function decodeBothWays(bytes: Buffer, maxWordLength?: number): string[][] {
  const whole = new SentenceDecoder({ maxWordLength });
  let wholeResult: string[][] | Error;
  try {
    wholeResult = whole.push(bytes);
  } catch (err) {
    wholeResult = err as Error;
  }
  const split = new SentenceDecoder({ maxWordLength });
  let splitResult: string[][] | Error = [];
  try {
    for (let i = 0; i < bytes.length; i++) (splitResult as string[][]).push(...split.push(bytes.subarray(i, i + 1)));
  } catch (err) {
    splitResult = err as Error;
  }
  if (wholeResult instanceof Error || splitResult instanceof Error) {
    expect(splitResult).toBeInstanceOf(ProtocolError);
    expect(wholeResult).toBeInstanceOf(ProtocolError);
    throw wholeResult;
  }
  expect(splitResult).toEqual(wholeResult);
  expect(whole.pendingBytes).toBe(split.pendingBytes);
  return wholeResult;
}

/** A length prefix followed by that many bytes, without building huge buffers by hand. */
const word = (text: string) => Buffer.concat([encodeLength(Buffer.byteLength(text)), Buffer.from(text)]);

describe('encodeLength', () => {
  it.each(VECTORS)('encodes %i as %s', (n, wire) => {
    expect(hex(encodeLength(n))).toBe(wire);
  });

  it.each(BOUNDARIES)('uses the right form at boundary %i', (n, size) => {
    expect(encodeLength(n)).toHaveLength(size);
  });

  it('rejects lengths that cannot be expressed', () => {
    expect(() => encodeLength(-1)).toThrow(RangeError);
    expect(() => encodeLength(MAX_WORD_LENGTH + 1)).toThrow(RangeError);
    expect(() => encodeLength(1.5)).toThrow(RangeError);
  });
});

describe('SentenceDecoder lengths', () => {
  // Decoding a vector's prefix alone proves the length was read right without allocating 256 MiB:
  // a limit of n - 1 must reject exactly n (the message names it), a limit of n must wait.
  it.each(VECTORS)('decodes the prefix of %i (%s), whole and byte by byte', (n, wire) => {
    const prefix = Buffer.from(wire.replace(/ /g, ''), 'hex');
    if (n > 1) {
      expect(() => decodeBothWays(prefix, n - 1)).toThrow(new RegExp(`^word length ${n} exceeds`));
    }
    expect(decodeBothWays(prefix, n)).toEqual([]);
    const d = new SentenceDecoder({ maxWordLength: n });
    d.push(prefix);
    expect(d.pendingBytes).toBe(prefix.length);
  });

  it('decodes the vectors up to 17000 completely (larger ones: boundary round trips above)', () => {
    for (const [n] of VECTORS.filter(([n]) => n <= 17000)) {
      const text = 'q'.repeat(n);
      expect(decodeBothWays(Buffer.concat([encodeLength(n), Buffer.from(text), Buffer.from([0])]))).toEqual([[text]]);
    }
  });

  it.each([0x7f, 0x80, 0x3fff, 0x4000, 0x1fffff, 0x200000])('round-trips a word of %i bytes both sides of a boundary', (n) => {
    const text = 'x'.repeat(n);
    const [sentence] = decodeBothWays(encodeSentence([text]));
    expect(sentence![0]).toHaveLength(n);
  });
});

describe('SentenceDecoder', () => {
  it('decodes several sentences, whole and byte by byte', () => {
    const bytes = Buffer.concat([encodeSentence(['!re', '=name=a', '.tag=1']), encodeSentence(['!done', '.tag=1'])]);
    expect(decodeBothWays(bytes)).toEqual([['!re', '=name=a', '.tag=1'], ['!done', '.tag=1']]);
  });

  it('keeps a partial sentence across pushes', () => {
    const d = new SentenceDecoder();
    const bytes = encodeSentence(['!done', '=ret=*1']);
    expect(d.push(bytes.subarray(0, bytes.length - 1))).toEqual([]);
    expect(d.push(bytes.subarray(bytes.length - 1))).toEqual([['!done', '=ret=*1']]);
  });

  it('skips empty sentences', () => {
    const bytes = Buffer.concat([Buffer.from([0, 0]), encodeSentence(['!done']), Buffer.from([0])]);
    expect(decodeBothWays(bytes)).toEqual([['!done']]);
  });

  it('keeps = inside values and empty values', () => {
    expect(decodeBothWays(encodeSentence(['!re', '=comment=a=b=c', '=empty=']))).toEqual([['!re', '=comment=a=b=c', '=empty=']]);
  });

  it.each([0xf8, 0xf9, 0xfc, 0xff])('rejects control byte %i with ProtocolError', (b) => {
    expect(() => decodeBothWays(Buffer.concat([encodeSentence(['!done']), Buffer.from([b, 1, 2])]))).toThrow(ProtocolError);
  });

  it('stays failed after a ProtocolError', () => {
    const d = new SentenceDecoder();
    expect(() => d.push(Buffer.from([0xff]))).toThrow(ProtocolError);
    expect(() => d.push(encodeSentence(['!done']))).toThrow(ProtocolError);
  });

  it('rejects a length over maxWordLength instead of buffering it', () => {
    expect(() => decodeBothWays(Buffer.from([0xf0, 0x10, 0, 0, 0]), 1024)).toThrow(/exceeds/);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const text = '=comment=Zürich ✓ 日本語 😀';
    const bytes = encodeSentence([text]);
    expect(bytes[0]).toBe(Buffer.byteLength(text));
    expect(Buffer.byteLength(text)).toBeGreaterThan(text.length);
    expect(decodeBothWays(bytes)).toEqual([[text]]);
  });

  it('decodes Windows-1252 words without throwing', () => {
    // "=comment=Café €5" typed on a cp1252 console: é = E9, € = 80 (invalid as UTF-8).
    const raw = Buffer.concat([Buffer.from('=comment=Caf'), Buffer.from([0xe9, 0x20, 0x80]), Buffer.from('5')]);
    const bytes = Buffer.concat([encodeLength(raw.length), raw, Buffer.from([0])]);
    expect(decodeBothWays(bytes)).toEqual([['=comment=Café €5']]);
  });

  it('decodes a 5 MB word split into uneven chunks', () => {
    const big = 'y'.repeat(5 * 1024 * 1024);
    const bytes = Buffer.concat([word('!re'), word(`=data=${big}`), word('.tag=7'), Buffer.from([0])]);
    const d = new SentenceDecoder();
    const out: string[][] = [];
    for (let i = 0; i < bytes.length; i += 65_521) out.push(...d.push(bytes.subarray(i, i + 65_521)));
    expect(out).toHaveLength(1);
    expect(out[0]![1]).toHaveLength(6 + big.length);
    expect(out[0]![2]).toBe('.tag=7');
    expect(d.pendingBytes).toBe(0);
  });

  it('decodes a 5 MB word pushed whole', () => {
    const big = 'z'.repeat(5 * 1024 * 1024);
    expect(new SentenceDecoder().push(encodeSentence([big]))[0]![0]).toBe(big);
  });
});

describe('encodeSentence', () => {
  it('prefixes every word and ends with 00', () => {
    expect(hex(encodeSentence(['/login', '.tag=1']))).toBe('06 2F 6C 6F 67 69 6E 06 2E 74 61 67 3D 31 00');
  });

  it('encodes an empty list as a lone terminator', () => {
    expect(hex(encodeSentence([]))).toBe('00');
  });
});
