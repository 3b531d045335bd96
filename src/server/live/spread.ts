/**
 * Work for many viewers at once (one frame written to 1,000 streams, a heartbeat's sign-in checks)
 * done a few milliseconds at a time, one slice per turn of the event loop, so that requests
 * arriving meanwhile are answered in between instead of waiting for all of it. At 500 routers and
 * 1,000 viewers a frame's writes took 30-50 ms in one piece, once a second: the tail of every
 * other request's latency.
 *
 * A slice ends after `sliceMs` or `maxJobs` jobs, whichever comes first. The count matters because a
 * job's cost is not all inside the job: a write to a Node response is corked and goes to the
 * kernel on the next tick, after the slice, so a slice of 1,000 cheap writes was followed by
 * 1,000 socket writes in one piece (45-100 ms on loopback at 1,000 viewers, docs/performance.md).
 *
 * One queue, first in, first out: a viewer's frames keep their order.
 */
export class Spreader {
  private queue: Array<() => void> = [];
  private head = 0;
  private scheduled = false;

  constructor(
    private readonly sliceMs = 4,
    private readonly maxJobs = 64,
  ) {}

  add(job: () => void): void {
    this.queue.push(job);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.run);
    }
  }

  /** Jobs waiting (for tests). */
  get pending(): number {
    return this.queue.length - this.head;
  }

  private readonly run = () => {
    this.scheduled = false;
    const until = performance.now() + this.sliceMs;
    const last = this.head + this.maxJobs;
    while (this.head < this.queue.length && this.head < last) {
      const job = this.queue[this.head++]!;
      try {
        job();
      } catch {
        // A viewer's stream that fails is that viewer's problem; the others still get theirs.
      }
      if (performance.now() >= until) break;
    }
    if (this.head < this.queue.length) {
      this.scheduled = true;
      setImmediate(this.run);
    } else {
      this.queue = [];
      this.head = 0;
    }
  };
}
