/**
 * Text on the wire. RouterOS does not promise UTF-8: comments are stored in whatever codepage the
 * operator typed them in (often Windows-1252). Decode UTF-8 when the bytes are valid UTF-8,
 * otherwise fall back to Windows-1252 (which maps every byte), and never throw.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });
const cp1252 = new TextDecoder('windows-1252');

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
    return cp1252.decode(bytes);
  }
}

export function encodeText(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}
