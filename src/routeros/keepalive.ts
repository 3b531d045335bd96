/**
 * Application-level keepalive. Routers and NAT boxes drop connections that stay quiet, and a
 * router that died without a FIN is only noticed by asking it something. So when nothing has been
 * received for `everyMs`, the client sends a cheap command; the probe itself decides what a
 * failure means.
 */

/** The cheap command sent when the connection has been quiet. */
export const KEEPALIVE_COMMAND = '/system/identity/print';

export class Keepalive {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly everyMs: number,
    /** When something was last received (epoch ms). */
    private readonly lastReceived: () => number,
    /** Resolves when the router answered; rejects when it did not (then keepalive stops). */
    private readonly probe: () => Promise<void>,
  ) {}

  /** Starts checking; does nothing when `everyMs` is 0 (keepalive off). */
  start(): void {
    this.schedule(this.everyMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delay: number): void {
    if (this.stopped || this.everyMs <= 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const idle = Date.now() - this.lastReceived();
      if (idle < this.everyMs) return this.schedule(this.everyMs - idle);
      this.probe().then(
        () => this.schedule(this.everyMs),
        () => this.stop(),
      );
    }, delay);
  }
}
