/**
 * `npm run sim -- --routers 6 --users 300 --seed 1 --personalities 7.17,7.19,6.49 --control-port 0`
 *
 * Starts a fleet on 127.0.0.1, prints the MIKROTIK_* lines, then a summary line per router every
 * few seconds (who joined `+name`, who left `-name`). Control it from stdin (`help`) or over the
 * loopback HTTP control server. Ctrl-C closes everything.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { runControlCommand, summaryLine, HELP } from './control';
import { startControlServer, type ControlServer } from './control-http';
import { startFleet } from './fleet';
import { isPersonality } from './personality';
import type { Personality } from './types';

const USAGE = `usage: npm run sim -- [options]
  --routers N           routers to start (default 6)
  --users N             configured hotspot users per router (default 200)
  --size-spread F       vary router sizes by ±F, 0..1 (default 0.5)
  --seed N              fleet seed (default 1)
  --personalities LIST  RouterOS personalities, round-robin: 6.42,6.49,7.17,7.19 (default 7.17,7.19,6.49)
  --password P          API password of every router (default secret)
  --base-port N         router n listens on N+n (default 0: any free port)
  --control-port N      HTTP control on 127.0.0.1:N (default 0: any free port; -1: off)
  --tick-ms N           model tick (default 1000)
  --max-sessions N      API max-sessions per router, 1-1000 (default 20)
  --summary-ms N        summary interval (default 5000; 0: off)
  --help`;

function int(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${JSON.stringify(text)}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      routers: { type: 'string' },
      users: { type: 'string' },
      'size-spread': { type: 'string' },
      seed: { type: 'string' },
      personalities: { type: 'string' },
      password: { type: 'string' },
      'base-port': { type: 'string' },
      'control-port': { type: 'string' },
      'tick-ms': { type: 'string' },
      'max-sessions': { type: 'string' },
      'summary-ms': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const personalities = (values.personalities ?? '7.17,7.19,6.49').split(',').map((p) => p.trim());
  const bad = personalities.find((p) => !isPersonality(p));
  if (bad) throw new Error(`unknown personality ${bad}; use 6.42, 6.49, 7.17 or 7.19`);

  const fleet = await startFleet({
    routers: int('routers', values.routers, 6),
    users: int('users', values.users, 200),
    sizeSpread: int('size-spread', values['size-spread'], 0.5),
    seed: int('seed', values.seed, 1),
    personalities: personalities as Personality[],
    ...(values.password !== undefined ? { password: values.password } : {}),
    basePort: int('base-port', values['base-port'], 0),
    tickMs: int('tick-ms', values['tick-ms'], 1000),
    maxSessions: int('max-sessions', values['max-sessions'], 20),
  });
  const controlPort = int('control-port', values['control-port'], 0);
  let control: ControlServer | undefined;
  if (controlPort >= 0) control = await startControlServer(fleet, { port: controlPort });

  console.log('# PHSWEB Hotspot simulator: put these lines in .env.local');
  console.log(fleet.envLines());
  if (control) console.log(`# control: ${control.url}/routers (GET), POST /routers/<id>/fault {"kind":"down"}, ...`);
  console.log('# type "help" for console commands, Ctrl-C to stop\n');

  const previous = new Map<string, Set<string>>();
  const summarize = () => {
    console.log(`-- ${new Date().toISOString()}`);
    for (const r of fleet.routers) {
      const { line, users } = summaryLine(r, previous.get(r.id));
      previous.set(r.id, users);
      console.log(line);
    }
  };
  summarize();
  const summaryMs = int('summary-ms', values['summary-ms'], 5000);
  const timer = summaryMs > 0 ? setInterval(summarize, summaryMs) : undefined;

  const rl = createInterface({ input: process.stdin, terminal: false });
  rl.on('line', (line) => {
    void runControlCommand(fleet, line).then((out) => out && console.log(out));
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (timer) clearInterval(timer);
    rl.close();
    await control?.close();
    await fleet.close();
    console.log('simulator stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(`sim: ${(err as Error).message}\n\n${USAGE}\n\nconsole commands:\n${HELP}`);
  process.exit(1);
});
