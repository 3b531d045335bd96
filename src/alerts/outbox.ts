/**
 * Delivers the outbox: claims due messages (with a lease, see `AlertStore.claimDue`), sends each
 * through its channel, and marks it sent or schedules a retry with capped exponential backoff.
 */
import { channelSecretContext, type AlertStore, type OutboxRow } from '@/store/alerts';
import { SecretBoxError, type SecretBox } from '@/store/secret-box';
import { DeliveryError, send, type ChannelSecret } from './channels';

export type AlertLogger = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

/** Options of {@link OutboxDispatcher}. */
export interface DispatcherOptions {
  store: AlertStore;
  box: SecretBox;
  log: AlertLogger;
  now: () => number;
  /** How long a claimed message stays hidden before another attempt may claim it. Default 60 s. */
  leaseMs?: number;
  /** First retry delay; doubles per attempt up to `retryMaxMs`. Default 5 s. */
  retryBaseMs?: number;
  /** Longest retry delay. Default 15 min. */
  retryMaxMs?: number;
  /** Attempts before a message is given up as failed. Default 40 (about eight hours at the defaults). */
  maxAttempts?: number;
  /** Per-send timeout. Default 10 s. */
  sendTimeoutMs?: number;
}

/** Channel open as a context for its sealed secret: a sealed value copied to another channel does not open. */
/** The context a channel's sealed secret is bound to: one home, beside the table (key rotation needs it too). */
export const secretContext = channelSecretContext;

export class OutboxDispatcher {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly o: Required<Omit<DispatcherOptions, 'store' | 'box' | 'log' | 'now'>>;

  constructor(private readonly opts: DispatcherOptions) {
    this.o = {
      leaseMs: opts.leaseMs ?? 60_000,
      retryBaseMs: opts.retryBaseMs ?? 5_000,
      retryMaxMs: opts.retryMaxMs ?? 15 * 60_000,
      maxAttempts: opts.maxAttempts ?? 40,
      sendTimeoutMs: opts.sendTimeoutMs ?? 10_000,
    };
  }

  /** Sends what is due now. Calls while a round runs start one more round after it, never two at once. */
  dispatch(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        for (let batch = await this.opts.store.claimDue(this.o.leaseMs); batch.length; batch = await this.opts.store.claimDue(this.o.leaseMs)) {
          await Promise.all(batch.map((row) => this.deliver(row)));
        }
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Waits for the round in progress, if any. */
  async idle(): Promise<void> {
    await this.running;
  }

  private retryAt(attempts: number): number | null {
    if (attempts >= this.o.maxAttempts) return null;
    const delay = Math.min(this.o.retryBaseMs * 2 ** (attempts - 1), this.o.retryMaxMs);
    // ±20 % jitter, so a channel that comes back is not hit by every message at the same instant.
    return this.opts.now() + Math.round(delay * (0.8 + Math.random() * 0.4));
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const { store, box, log } = this.opts;
    const channel = await store.channel(row.channelId);
    let error: string;
    try {
      if (!channel) throw new DeliveryError('channel removed');
      if (!channel.enabled && row.kind !== 'test') throw new DeliveryError('channel disabled');
      const secret = channel.sealedSecret ? (JSON.parse(box.open(channel.sealedSecret, secretContext(channel.id))) as ChannelSecret) : {};
      const payload = JSON.parse(row.payload) as unknown;
      await send({ id: channel.id, name: channel.name, kind: channel.kind, config: channel.config, secret }, { text: row.text, subject: row.text.split('\n')[0]!.replace(/^\S+ /, ''), payload }, this.o.sendTimeoutMs);
      await store.markSent(row.id);
      await store.channelResult(channel.id, true, null);
      log('info', 'alert delivered', { channel: channel.name, message: row.id, kind: row.kind, attempt: row.attempts });
      return;
    } catch (err) {
      error = err instanceof DeliveryError ? err.message : err instanceof SecretBoxError ? 'secret does not open (key changed?)' : 'send failed';
      if (!(err instanceof DeliveryError) && !(err instanceof SecretBoxError)) log('error', 'alert delivery crashed', { message: row.id, error: (err as Error).message });
    }
    const next = channel && (channel.enabled || row.kind === 'test') ? this.retryAt(row.attempts) : null;
    await store.markFailed(row.id, error, next);
    if (channel) await store.channelResult(channel.id, false, error);
    log('warn', 'alert delivery failed', { channel: channel?.name, message: row.id, attempt: row.attempts, error, retry: next !== null });
  }
}
