/**
 * Text on the wire. RouterOS does not promise UTF-8: comments are stored in whatever codepage the
 * operator typed them in (often Windows-1252). Decode UTF-8 when the bytes are valid UTF-8,
 * otherwise fall back to Windows-1252 (which maps every byte), and never throw.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Windows-1252 differs from Latin-1 only in 0x80-0x9F. Node's `TextDecoder('windows-1252')`
 * decodes as Latin-1 (0x80 becomes U+0080, not €), so that range is mapped here. Bytes 1252 leaves
 * undefined (81 8D 8F 90 9D) keep their C1 code point, as the WHATWG encoding standard says.
 */
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeCp1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!);
}

export function decodeText(bytes: Uint8Array): string {
  // Fast path: pure ASCII is the overwhelming majority of RouterOS words.
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  try {
    return utf8.decode(bytes);
  } catch {
    return decodeCp1252(bytes);
  }
}

export function encodeText(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}
