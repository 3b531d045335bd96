/**
 * `npm run demo`: the dashboard on a built-in simulated fleet, no routers needed.
 *
 * Starts eight simulated MikroTik routers on 127.0.0.1 (Nigerian cities, mixed RouterOS
 * versions, a few hundred users each), makes one of them fail now and then and recover, and runs
 * the app pointed at them with its own demo database. Ctrl-C stops everything.
 *
 * Options (environment): PORT (default 3000), DEMO_ROUTERS (default 8), DEMO_USERS (default 300),
 * DEMO_SEED (default 7), HOTSPOT_POLL_INTERVAL (default 10 s here), HOTSPOT_DB_PATH (default
 * ./data/demo.db), HOTSPOT_PUBLIC_URL (default http://localhost:PORT, for links in alerts). A
 * fresh demo database first gets two days of simulated history (delete it to start over).
 *
 * It serves the production build, the product as users get it, and builds it first only when the
 * sources changed since the last build (scripts/build.mjs). `npm run demo -- --dev` serves the
 * development build with hot reload instead, for working on the pages.
 *
 * There is no default password: every start gives the demo accounts (admin, operator, viewer, and
 * an operator limited to one location) new random passwords and prints them.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { ensureBuild } from './build.mjs';
import { startControlServer, startFleet, type Fault, type SimRouter } from '../src/simulator';
import type { Role } from '../src/lib/roles';
import { hashPassword } from '../src/server/auth/auth';
import { createServer } from 'node:http';
import { createChannel, updateChannel } from '../src/alerts/channel-admin';
import { signBody } from '../src/alerts/channels';
import { openStore, type Store } from '../src/store';
import { openAlertStore } from '../src/store/alerts';
import { loadSecretBox } from '../src/store/secret-box';
import { backfillHistory } from './backfill';

const FAILURES: Fault[] = [{ kind: 'down' }, { kind: 'hang' }, { kind: 'auth-fail' }, { kind: 'slow', latencyMs: 9000 }];

/** One router fails 40 s after start, for 30 s, then again every 3 minutes with another fault. */
function scheduleFailures(router: SimRouter, log: (line: string) => void): () => void {
  let n = 0;
  let timer: NodeJS.Timeout;
  const fail = () => {
    const fault = FAILURES[n++ % FAILURES.length]!;
    // A changed password does not end sessions already logged in; a reboot-like drop does.
    const apply = fault.kind === 'auth-fail' ? router.setFault({ kind: 'down' }).then(() => router.setFault(fault)) : router.setFault(fault);
    void apply.then(() => log(`demo: ${router.name} now fails (${fault.kind}); it recovers in 30 s`));
    timer = setTimeout(() => {
      void router.setFault(null).then(() => log(`demo: ${router.name} recovered`));
      timer = setTimeout(fail, 150_000);
    }, 30_000);
  };
  timer = setTimeout(fail, 40_000);
  return () => clearTimeout(timer);
}

/**
 * Alerting that shows itself: the fleet-wide "down" rule waits 20 s instead of 3 minutes (the
 * flaky router is down for 30 s), and a webhook channel delivers to a tiny receiver here that
 * prints each message it gets, after checking its signature. Both are the demo database's own
 * settings; an admin can change them on the Alerts page.
 */
async function demoAlerts(dbPath: string, log: (line: string) => void): Promise<() => Promise<void>> {
  const secret = randomBytes(16).toString('hex');
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const signed = req.headers['x-phsweb-signature'] === signBody(body, secret);
      let text = body;
      try {
        text = String((JSON.parse(body) as { text?: unknown }).text ?? body);
      } catch {
        // not JSON: shown as it came
      }
      log(`demo webhook received (${signed ? 'signature ok' : 'BAD SIGNATURE'}): ${text.replace(/\n/g, ' | ')}`);
      res.writeHead(signed ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/alerts`;
  const alerts = openAlertStore(dbPath);
  try {
    const { box } = loadSecretBox(dbPath, process.env.HOTSPOT_SECRET_KEY);
    if (!(await alerts.settings()).has('*')) await alerts.setSettings('*', { down: { forSeconds: 20 } });
    // The receiver's port is new at every start: the channel follows it, with a new secret.
    const existing = (await alerts.channels()).find((c) => c.name === 'Demo webhook');
    if (existing) await updateChannel(alerts, box, existing.id, { config: { url }, secret: { secret } });
    else await createChannel(alerts, box, { name: 'Demo webhook', kind: 'webhook', enabled: true, config: { url }, secret: { secret } });
  } finally {
    await alerts.close();
  }
  return () => new Promise<void>((resolve) => receiver.close(() => resolve()));
}

interface DemoAccount {
  username: string;
  role: Role;
  locations: string[] | null;
  password: string;
}

/** Creates the demo accounts, or gives them new passwords: nothing is guessable, nothing is reused. */
async function demoAccounts(store: Store, fleet: { routers: SimRouter[] }): Promise<DemoAccount[]> {
  const first = fleet.routers[0]!;
  const firstId = first.id.toLowerCase().replace(/_+/g, '-');
  const wanted: Array<Omit<DemoAccount, 'password'>> = [
    { username: 'admin', role: 'admin', locations: null },
    { username: 'operator', role: 'operator', locations: null },
    { username: 'viewer', role: 'viewer', locations: null },
    { username: `${firstId}-operator`, role: 'operator', locations: [firstId] },
  ];
  const out: DemoAccount[] = [];
  for (const w of wanted) {
    const password = randomBytes(9).toString('base64url');
    const passwordHash = await hashPassword(password);
    const existing = await store.accounts.credentials(w.username);
    if (existing) await store.accounts.update(existing.id, { passwordHash, role: w.role, locations: w.locations, disabled: false }, Date.now());
    else await store.accounts.create({ ...w, passwordHash }, Date.now());
    out.push({ ...w, password });
  }
  return out;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const dev = process.argv.includes('--dev') || process.env.DEMO_DEV === '1';
  const log = (line: string) => process.stdout.write(`${line}\n`);
  // First, while nothing else runs: the build takes a minute or two on a small machine.
  if (!dev) {
    const t0 = performance.now();
    if (ensureBuild({ say: (line) => log(`demo: ${line}`) })) log(`demo: built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const password = `demo-${randomBytes(6).toString('hex')}`;
  const fleet = await startFleet({
    routers: Number(process.env.DEMO_ROUTERS ?? 8),
    users: Number(process.env.DEMO_USERS ?? 300),
    sizeSpread: 0.6,
    seed: Number(process.env.DEMO_SEED ?? 7),
    personalities: ['7.17', '7.19', '6.49', '7.17', '6.42'],
    password,
    tickMs: 1000,
  });
  const control = await startControlServer(fleet, { port: 0 });
  const dbPath = process.env.HOTSPOT_DB_PATH ?? './data/demo.db';

  // A fresh demo database gets a few days of history, so sessions and trends have a past.
  const store = openStore({ path: dbPath });
  if ((await store.querySessions({ limit: 1 })).total === 0) {
    const t0 = performance.now();
    log('demo: first run, recording two days of simulated history...');
    const made = await backfillHistory(store, fleet.routers, { days: 2, stepMs: 300_000 });
    log(`demo: recorded 2 days of history (${made.sessions} sessions) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const accounts = await demoAccounts(store, fleet);
  await store.close();
  const stopAlerts = await demoAlerts(dbPath, log);
  const flaky = fleet.routers[Math.min(4, fleet.routers.length - 1)]!;
  const stopFailures = scheduleFailures(flaky, log);

  log(`\nPHSWEB Hotspot demo: ${fleet.routers.length} simulated routers on 127.0.0.1`);
  for (const r of fleet.routers) log(`  ${r.name.padEnd(14)} RouterOS ${r.personality}  port ${r.port}  ${r.model.users().length} users`);
  log(`  ${flaky.name} will fail now and then (down, hang, wrong password, slow) and recover;`);
  log('  alerts about it arrive at a demo webhook receiver, printed here, and on the Alerts page.');
  log(`Simulator control: ${control.url}/routers  (see docs/simulator.md)`);
  const table = accounts.map((a) => `  ${a.username.padEnd(22)} ${a.password.padEnd(14)} ${a.role}, ${a.locations ? `only ${a.locations.join(', ')}` : 'all locations'}`);
  // The log scrolls; the demo's passwords also wait in a file only this user can read.
  const accountsFile = join(dirname(dbPath), 'demo-accounts.txt');
  writeFileSync(accountsFile, `PHSWEB Hotspot demo accounts (new passwords at every start)\n${table.join('\n')}\n`, { mode: 0o600 });

  const child = spawn(process.execPath, ['server.mjs', ...(dev ? ['--dev'] : []), '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      ...fleet.env(),
      HOTSPOT_DB_PATH: dbPath,
      HOTSPOT_POLL_INTERVAL: process.env.HOTSPOT_POLL_INTERVAL ?? '10',
      // Links in alert messages lead to this dashboard, on whatever PORT it was given.
      HOTSPOT_PUBLIC_URL: process.env.HOTSPOT_PUBLIC_URL ?? `http://localhost:${port}`,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  // The address and the accounts are printed once the dashboard answers, last, where they are seen.
  let announced = false;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    log(line);
    if (announced || !line.startsWith('PHSWEB Hotspot ready on')) return;
    announced = true;
    log(`\nDashboard: http://localhost:${port}${dev ? '  (development build, hot reload)' : ''}`);
    log('Sign in with one of these (new passwords at every demo start):');
    log(table.join('\n'));
    log(`  (also in ${accountsFile})\n`);
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    stopFailures();
    await stopAlerts();
    child.kill('SIGTERM');
    await control.close();
    await fleet.close();
    process.exit(code);
  };
  child.on('exit', (code) => void stop(code ?? 0));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
