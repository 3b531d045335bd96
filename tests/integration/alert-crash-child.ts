/**
 * A separate process for the crash test: `enqueue` opens an incident with its message and waits
 * to be killed; `deliver` sends the outbox every 100 ms (lease 1 s) until killed.
 * Usage: tsx alert-crash-child.ts <enqueue|deliver> <db path> <webhook url>
 */
import { randomBytes } from 'node:crypto';
import { createChannel } from '@/alerts/channel-admin';
import { OutboxDispatcher } from '@/alerts/outbox';
import { openAlertStore } from '@/store/alerts';
import { loadSecretBox } from '@/store/secret-box';

const [mode, dbPath, url] = process.argv.slice(2) as [string, string, string];
const store = openAlertStore(dbPath);
const { box } = loadSecretBox(dbPath, undefined);
if (mode === 'enqueue') {
  const channel = await createChannel(store, box, { name: 'hook', kind: 'webhook', config: { url }, secret: { secret: 'crash-test-secret' } });
  const nonce = randomBytes(4).toString('hex');
  await store.openIncident({ rule: 'down', severity: 'critical', locations: ['awka'], detail: 'unreachable', startedAt: Date.now() }, (row) => [
    { channelId: channel.id, kind: 'open', severity: 'critical', text: `DOWN ${nonce}`, payload: { incident: row.id, nonce } },
  ]);
  process.stdout.write('enqueued\n');
  setInterval(() => {}, 1000);
} else {
  const d = new OutboxDispatcher({ store, box, log: () => {}, now: Date.now, leaseMs: 1000, retryBaseMs: 200, sendTimeoutMs: 60_000 });
  setInterval(() => void d.dispatch(), 100);
  process.stdout.write('delivering\n');
}
