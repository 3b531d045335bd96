/**
 * The RouterOS API wire format: a sentence is a list of length-prefixed words ended by a
 * zero-length word. Lengths count bytes.
 *
 *   0x00-0x7F            1 byte   len
 *   0x80-0x3FFF          2 bytes  len | 0x8000
 *   0x4000-0x1FFFFF      3 bytes  len | 0xC00000
 *   0x200000-0xFFFFFFF   4 bytes  len | 0xE0000000
 *   0x10000000-0xFFFFFFFF 5 bytes 0xF0, len as 4 bytes
 *
 * A first byte 0xF8-0xFF is a reserved control byte and a protocol error.
 */
import { ProtocolError } from './errors';
import { decodeText, encodeText } from './text';

/** Largest word length the 5-byte form can express. */
export const MAX_WORD_LENGTH = 0xffffffff;

export function encodeLength(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORD_LENGTH) {
    throw new RangeError(`word length out of range: ${n}`);
  }
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x4000) {
    const v = n | 0x8000;
    return Buffer.from([(v >>> 8) & 0xff, v & 0xff]);
  }
  if (n < 0x200000) {
    const v = n | 0xc00000;
    return Buffer.from([(v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
  }
  if (n < 0x10000000) {
    const v = (n | 0xe0000000) >>> 0;
    return Buffer.from([(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
  }
  const b = Buffer.alloc(5);
  b[0] = 0xf0;
  b.writeUInt32BE(n, 1);
  return b;
}

/** One sentence as bytes: every word (UTF-8) with its length, then the terminating `00`. */
export function encodeSentence(words: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  for (const word of words) {
    const bytes = encodeText(word);
    parts.push(encodeLength(bytes.length), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/**
 * Reads a length prefix at `offset`. Returns `[length, prefixSize]`, or `undefined` when the
 * buffer does not yet hold the whole prefix.
 */
function readLength(buf: Buffer, offset: number): [number, number] | undefined {
  const b0 = buf[offset];
  if (b0 === undefined) return undefined;
  if (b0 < 0x80) return [b0, 1];
  if (b0 < 0xc0) {
    if (buf.length - offset < 2) return undefined;
    return [((b0 & 0x3f) << 8) | buf[offset + 1]!, 2];
  }
  if (b0 < 0xe0) {
    if (buf.length - offset < 3) return undefined;
    return [((b0 & 0x1f) << 16) | (buf[offset + 1]! << 8) | buf[offset + 2]!, 3];
  }
  if (b0 < 0xf0) {
    if (buf.length - offset < 4) return undefined;
    return [((b0 & 0x0f) * 0x1000000) + (buf[offset + 1]! << 16) + (buf[offset + 2]! << 8) + buf[offset + 3]!, 4];
  }
  if (b0 === 0xf0) {
    if (buf.length - offset < 5) return undefined;
    return [buf.readUInt32BE(offset + 1), 5];
  }
  throw new ProtocolError(`reserved control byte 0x${b0.toString(16)} in word length`);
}

/** Options of {@link SentenceDecoder}. */
export interface SentenceDecoderOptions {
  /**
   * Largest word accepted, in bytes; a longer length prefix is treated as garbage rather than
   * buffering gigabytes. Default 64 MiB.
   */
  maxWordLength?: number;
}

/**
 * Reassembles sentences from TCP chunks of any size, byte by byte included. Empty sentences (a
 * lone `00`) are skipped, as routers ignore them too. After a {@link ProtocolError} the decoder is
 * unusable: the stream has lost its framing and the connection must be dropped.
 */
export class SentenceDecoder {
  /** Unread chunks, joined only once they hold the next whole word (no quadratic copying). */
  private chunks: Buffer[] = [];
  private held = 0;
  /** Bytes needed before decoding can make progress. */
  private need = 1;
  private words: string[] = [];
  private readonly maxWordLength: number;
  private failed: ProtocolError | undefined;

  constructor(options: SentenceDecoderOptions = {}) {
    this.maxWordLength = options.maxWordLength ?? 64 * 1024 * 1024;
  }

  /** Bytes held that do not yet form a whole word. */
  get pendingBytes(): number {
    return this.held;
  }

  push(chunk: Buffer): string[][] {
    if (this.failed) throw this.failed;
    if (chunk.length === 0) return [];
    this.chunks.push(chunk);
    this.held += chunk.length;
    if (this.held < this.need) return [];
    const buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.held);
    const sentences: string[][] = [];
    let offset = 0;
    try {
      for (;;) {
        const len = readLength(buf, offset);
        if (!len) {
          this.need = buf.length - offset + 1;
          break;
        }
        const [size, prefix] = len;
        if (size > this.maxWordLength) {
          throw new ProtocolError(`word length ${size} exceeds the limit of ${this.maxWordLength} bytes`);
        }
        if (buf.length - offset - prefix < size) {
          this.need = prefix + size;
          break;
        }
        const start = offset + prefix;
        offset = start + size;
        if (size === 0) {
          if (this.words.length > 0) sentences.push(this.words);
          this.words = [];
        } else {
          this.words.push(decodeText(buf.subarray(start, offset)));
        }
      }
    } catch (err) {
      this.failed = err instanceof ProtocolError ? err : new ProtocolError('undecodable bytes', { cause: err });
      this.chunks = [];
      this.held = 0;
      throw this.failed;
    }
    // Keep only the unread tail; copy it so a large chunk is not pinned by a small remainder.
    const rest = buf.length - offset;
    this.chunks = rest === 0 ? [] : [offset === 0 ? buf : Buffer.from(buf.subarray(offset))];
    this.held = rest;
    if (rest === 0) this.need = 1;
    return sentences;
  }
}
