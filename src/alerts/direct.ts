/**
 * The last resort for alerts about the monitoring itself: when the outbox (SQLite) cannot be
 * written, their messages are held here, in memory, and sent straight to the channels with
 * retries. Best-effort by design: a restart forgets what is held here, and nothing of it is
 * recorded until the store works again. Everything else goes through the persisted outbox.
 */
import type { ChannelRow } from '@/store/alerts';
import type { SecretBox } from '@/store/secret-box';
import { DeliveryError, send, type ChannelSecret, type OutgoingMessage } from './channels';
import { secretContext, type AlertLogger } from './outbox';

/** Options of {@link DirectDelivery}. */
export interface DirectDeliveryOptions {
  box: SecretBox;
  log: AlertLogger;
  now: () => number;
  /** First retry delay, doubling up to `retryMaxMs`. Default 5 s. */
  retryBaseMs?: number;
  /** Default 5 min: the store is broken, so keep trying often. */
  retryMaxMs?: number;
  /** Attempts per message before it is given up (logged). Default 100. */
  maxAttempts?: number;
  /** Per-send timeout. Default 10 s. */
  sendTimeoutMs?: number;
  /** Messages held at most; the oldest is dropped (logged) beyond. Default 200. */
  maxHeld?: number;
}

interface Held {
  /** The channel as last read from the store, sealed secret included. */
  channel: ChannelRow;
  message: OutgoingMessage;
  kind: string;
  attempts: number;
  nextAt: number;
}

export class DirectDelivery {
  private held: Held[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly o: DirectDeliveryOptions) {}

  /** Messages waiting to be sent. */
  get pending(): number {
    return this.held.length;
  }

  /** Holds `message` for each channel and starts sending. */
  add(channels: readonly ChannelRow[], message: OutgoingMessage, kind: string): void {
    const at = this.o.now();
    for (const channel of channels) this.held.push({ channel, message, kind, attempts: 0, nextAt: at });
    const max = this.o.maxHeld ?? 200;
    if (this.held.length > max) {
      const lost = this.held.splice(0, this.held.length - max);
      this.o.log('error', 'direct alert queue full: oldest messages dropped', { dropped: lost.length });
    }
    void this.deliver();
  }

  /** Sends what is due; one round at a time. */
  deliver(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Waits for the round in progress. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async round(): Promise<void> {
    const now = this.o.now();
    const due = this.held.filter((h) => h.nextAt <= now);
    await Promise.all(due.map((h) => this.attempt(h)));
  }

  private async attempt(h: Held): Promise<void> {
    const { box, log } = this.o;
    h.attempts++;
    try {
      const secret = h.channel.sealedSecret ? (JSON.parse(box.open(h.channel.sealedSecret, secretContext(h.channel.id))) as ChannelSecret) : {};
      await send({ id: h.channel.id, name: h.channel.name, kind: h.channel.kind, config: h.channel.config, secret }, h.message, this.o.sendTimeoutMs ?? 10_000);
      this.held = this.held.filter((x) => x !== h);
      log('warn', 'alert delivered directly (outbox unavailable)', { channel: h.channel.name, kind: h.kind, attempt: h.attempts });
    } catch (err) {
      const error = err instanceof DeliveryError ? err.message : 'send failed';
      if (h.attempts >= (this.o.maxAttempts ?? 100)) {
        this.held = this.held.filter((x) => x !== h);
        log('error', 'direct alert given up', { channel: h.channel.name, kind: h.kind, attempts: h.attempts, error });
        return;
      }
      const delay = Math.min((this.o.retryBaseMs ?? 5_000) * 2 ** (h.attempts - 1), this.o.retryMaxMs ?? 5 * 60_000);
      h.nextAt = this.o.now() + Math.round(delay * (0.8 + Math.random() * 0.4));
      log('warn', 'direct alert delivery failed', { channel: h.channel.name, kind: h.kind, attempt: h.attempts, error });
    }
  }
}
