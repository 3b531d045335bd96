import { describe, it, expect } from 'vitest';
import { decodeText, encodeText } from './text';

describe('decodeText', () => {
  it('decodes valid UTF-8', () => {
    expect(decodeText(encodeText('Zürich ✓ 日本語'))).toBe('Zürich ✓ 日本語');
  });

  it('falls back to Windows-1252, including the 0x80-0x9F range', () => {
    // "€‚ƒ„…†‡ˆ‰Š‹ŒŽ" and friends: where 1252 differs from Latin-1.
    expect(decodeText(Buffer.from([0x80, 0x8a, 0x96, 0x99, 0x9f, 0xe9]))).toBe('€Š–™Ÿé');
  });

  it('keeps bytes 1252 leaves undefined as C1 code points instead of throwing', () => {
    expect(decodeText(Buffer.from([0x81, 0x8d, 0x8f, 0x90, 0x9d]))).toBe('\u0081\u008d\u008f\u0090\u009d');
  });

  it('decodes a subarray at an offset', () => {
    const buf = Buffer.from([0x41, 0x42, 0xe9, 0x43]);
    expect(decodeText(buf.subarray(1, 3))).toBe('Bé');
  });
});
