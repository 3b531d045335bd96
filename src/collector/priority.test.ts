import { mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

/** The nice value of one thread of this process, from /proc (the 19th field of its stat line). */
const niceOf = (tid: number) => Number(readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
const thisThread = () => Number(readlinkSync('/proc/thread-self').split('/').pop());

describe.runIf(process.platform === 'linux')('lowerThisThread', () => {
  // Bundled as the collector is (scripts/collector-bundle.mjs), and run on a real worker thread.
  const dir = mkdtempSync(join(tmpdir(), 'phsweb-priority-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lowers the calling thread only, by its nice step, and leaves the thread that started it as it was', async (ctx) => {
    const entry = join(dir, 'priority.mjs');
    buildSync({ entryPoints: [new URL('./priority.ts', import.meta.url).pathname], bundle: true, platform: 'node', format: 'esm', outfile: entry, logLevel: 'silent' });
    const before = niceOf(thisThread());
    // Run under `nice -n 10` or more, the change could not be seen.
    if (before > 19 - 10) ctx.skip();
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       import(${JSON.stringify(entry)}).then((m) => parentPort.postMessage(m.lowerThisThread()));
       parentPort.once('message', () => process.exit(0));`,
      { eval: true },
    );
    try {
      const result = await new Promise<{ tid?: number; skipped?: string }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(result.skipped).toBeUndefined();
      expect(result.tid).not.toBe(thisThread());
      // Read while the worker is still alive.
      expect(niceOf(result.tid!)).toBe(Math.min(19, before + 10));
      expect(niceOf(thisThread())).toBe(before);
    } finally {
      worker.postMessage('done');
      await worker.terminate();
    }
  });
});
