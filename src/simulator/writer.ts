/**
 * Writes reply sentences to one socket, honouring the router's current fault: each sentence in
 * one `write` normally; delayed (`slow`); in tiny writes with the terminating zero alone
 * (`fragment`); or not at all (`hang`). Order is always preserved.
 */
import type { Socket } from 'node:net';
import { encodeSentence } from '../routeros/codec';
import type { Fault } from './types';

/** Bytes that are not the protocol: `F8`-`FF` are reserved control bytes. */
export const GARBAGE = Buffer.from([0xf8, 0xff, 0xfe, 0x00, 0x47, 0x41, 0x52, 0x42, 0x41, 0x47, 0x45, 0xfd, 0x0a]);

export class ReplyWriter {
  private readonly queue: Buffer[] = [];
  private busy = false;

  constructor(
    private readonly socket: Socket,
    private readonly fault: () => Fault | null,
  ) {}

  send(words: readonly string[]): void {
    if (this.socket.destroyed) return;
    const bytes = encodeSentence(words);
    const f = this.fault();
    if (f?.kind === 'hang') return;
    if (!this.busy && this.queue.length === 0 && f?.kind !== 'slow' && f?.kind !== 'fragment') {
      this.socket.write(bytes);
      return;
    }
    this.queue.push(bytes);
    this.pump();
  }

  /** Raw bytes, bypassing the queue (garbage). */
  sendRaw(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** Resolves once every queued sentence has been handed to the socket. */
  async flushed(): Promise<void> {
    while (this.busy || this.queue.length > 0) await new Promise((r) => setTimeout(r, 1));
  }

  private pump(): void {
    if (this.busy) return;
    const next = this.queue.shift();
    if (!next) return;
    this.busy = true;
    const f = this.fault();
    const finish = () => {
      this.busy = false;
      this.pump();
    };
    const write = () => {
      if (this.socket.destroyed || this.fault()?.kind === 'hang') return finish();
      if (this.fault()?.kind === 'fragment') void this.writeFragmented(next).then(finish);
      else {
        this.socket.write(next);
        finish();
      }
    };
    if (f?.kind === 'slow') setTimeout(write, f.latencyMs);
    else write();
  }

  /** Pieces of 1-3 bytes, then the terminating zero in a write of its own after a pause. */
  private async writeFragmented(bytes: Buffer): Promise<void> {
    const body = bytes.subarray(0, bytes.length - 1);
    for (let i = 0; i < body.length; ) {
      const n = 1 + (i % 3);
      if (this.socket.destroyed) return;
      this.socket.write(body.subarray(i, i + n));
      i += n;
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 2));
    if (!this.socket.destroyed) this.socket.write(bytes.subarray(bytes.length - 1));
  }
}
