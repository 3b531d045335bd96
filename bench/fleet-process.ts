/**
 * The benchmark's router fleet, in its own process so its CPU is not counted as the collector's.
 * Prints one JSON line `{ env, control }` when ready, then serves until stdin closes or SIGTERM.
 *
 * Model time starts at an evening peak and runs at real speed, so session uptimes grow as a real
 * router's do (a frozen clock would make every session look like a fresh login after ten
 * seconds). The models evolve only when asked (no tick timers), so the fleet's own CPU stays low.
 */
import { parseArgs } from 'node:util';
import { startControlServer, startFleet } from '../src/simulator';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { routers: { type: 'string' }, active: { type: 'string' }, password: { type: 'string' } } });
  const active = Number(values.active ?? 200);
  const evening = Date.UTC(2026, 10, 23, 19, 0, 0);
  const started = Date.now();
  const fleet = await startFleet({
    routers: Number(values.routers ?? 50),
    users: Math.round(active * 1.5),
    activeTarget: active,
    initialActive: active,
    personalities: ['7.17'],
    password: values.password ?? 'bench',
    clock: { now: () => evening + (Date.now() - started) },
    tickMs: 0,
  });
  const control = await startControlServer(fleet, { port: 0 });
  process.stdout.write(`${JSON.stringify({ env: fleet.env(), control: control.url })}\n`);
  const stop = async () => {
    await control.close();
    await fleet.close();
    process.exit(0);
  };
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`fleet failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
