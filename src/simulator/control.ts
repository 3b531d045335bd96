/**
 * The control surface shared by the HTTP server and the stdin console: read ground truth, switch
 * faults, log users in and out, reboot. Every operation names a router by id.
 */
import { describeFault, parseFaultWords } from './faults';
import type { SimFleet } from './fleet';
import type { SimRouter } from './router';

/** Ground truth of one router as JSON-friendly data. */
export function routerTruth(r: SimRouter, detail = false) {
  const active = r.model.active();
  const base = {
    id: r.id,
    name: r.name,
    host: r.host,
    port: r.port,
    personality: r.personality,
    fault: r.fault,
    connections: r.connections(),
    apiSessions: r.sessionStats(),
    activeCount: active.length,
    userCount: r.model.users().length,
    resources: r.model.resources(),
    active,
  };
  if (!detail) return base;
  return { ...base, users: r.model.users(), interfaces: r.model.interfaces(), hosts: r.model.hostList(), log: r.model.log().slice(-100) };
}

/** One line per router: who is there, load, fault. */
export function summaryLine(r: SimRouter, previous?: Set<string>): { line: string; users: Set<string> } {
  const active = r.model.active();
  const users = new Set(active.map((s) => s.user));
  const res = r.model.resources();
  const wan = r.model.interfaces()[0];
  const mbps = (bits: number | undefined) => ((bits ?? 0) / 1e6).toFixed(1);
  const joined = previous ? [...users].filter((u) => !previous.has(u)) : [];
  const left = previous ? [...previous].filter((u) => !users.has(u)) : [];
  const changes = [...joined.map((u) => `+${u}`), ...left.map((u) => `-${u}`)];
  const shown = changes.length > 6 ? [...changes.slice(0, 6), `(+${changes.length - 6} more)`] : changes;
  const line = [
    r.name.padEnd(16),
    r.personality.padEnd(5),
    `:${r.port}`.padEnd(7),
    `active ${String(active.length).padStart(4)}`,
    `cpu ${String(res.cpuLoad).padStart(3)}%`,
    `down ${mbps(wan?.rxBitsPerSecond).padStart(6)} Mb/s`,
    `up ${mbps(wan?.txBitsPerSecond).padStart(5)} Mb/s`,
    `api ${r.connections()}`,
    `fault ${describeFault(r.fault)}`,
    shown.join(' '),
  ].join('  ');
  return { line: line.trimEnd(), users };
}

export const HELP = [
  'status                      one line per router',
  'show <id>                   active sessions of a router',
  'fault <id> <kind> [n] [k=v] down | hang | slow <ms> | flap <ms> | auth-fail | garbage [after=N] | fatal [reason] [after=N]',
  '                            | fragment | max-sessions <1-1000> | listen-stall | clock-jump <ms, - = back> [router-uptime]',
  'clear <id>                  clear the fault',
  'connect <id> [user]         a user logs in (no checks: the demo crowd)',
  'login <id> <user> [password] [from <MAC>]',
  '                            log a user in through the hotspot checks (disabled, password, MAC binding, limits, shared-users)',
  'kick <id> <session-id>      end a session as an admin kick (e.g. kick awka *1A)',
  'reboot <id> [seconds]       reboot: API connections drop, the port refuses for [seconds] (default 0)',
  'advance <id|all> <seconds>  move model time forward',
  'env                         print the MIKROTIK_* lines',
].join('\n');

/** Runs one console command; returns the text to print. Never throws. */
export async function runControlCommand(fleet: SimFleet, line: string): Promise<string> {
  const [cmd, id, ...rest] = line.trim().split(/\s+/);
  try {
    const router = () => fleet.router(id ?? '');
    switch (cmd) {
      case undefined:
      case '':
        return '';
      case 'help':
        return HELP;
      case 'status':
        return fleet.routers.map((r) => summaryLine(r).line).join('\n');
      case 'env':
        return fleet.envLines();
      case 'show':
        return router()
          .model.active()
          .map((s) => `${s.id.padEnd(6)} ${s.user.padEnd(12)} ${s.address.padEnd(12)} ${s.mac}  up ${s.uptimeSeconds}s idle ${s.idleSeconds}s  in ${s.bytesIn} out ${s.bytesOut}`)
          .join('\n') || '(no sessions)';
      case 'fault': {
        const r = router();
        await r.setFault(parseFaultWords(rest[0] ?? '', ...rest.slice(1)));
        return `${r.id}: fault ${describeFault(r.fault)}`;
      }
      case 'clear': {
        const r = router();
        await r.setFault(null);
        return `${r.id}: fault cleared`;
      }
      case 'connect': {
        const s = router().model.connect(rest[0]);
        return `${id}: ${s.user} logged in as ${s.id} (${s.address})`;
      }
      case 'login': {
        const [user, ...more] = rest;
        if (!user) return 'login <id> <user> [password] [from <MAC>]';
        const from = more.indexOf('from');
        const mac = from >= 0 ? more[from + 1] : undefined;
        const password = from === 0 ? undefined : more[0];
        const s = router().model.login({ user, password, mac });
        return `${id}: ${s.user} logged in as ${s.id} (${s.address}, ${s.mac})`;
      }
      case 'kick':
        return router().model.disconnect(rest[0] ?? '', 'kicked') ? `${id}: ${rest[0]} kicked` : `${id}: no such session ${rest[0]}`;
      case 'reboot': {
        const downMs = Number(rest[0] ?? 0) * 1000;
        if (!Number.isFinite(downMs) || downMs < 0) return 'reboot <id> [seconds]';
        void router().reboot(downMs).catch((err: unknown) => console.error(`${id}: could not listen again: ${(err as Error).message}`));
        return downMs > 0 ? `${id}: rebooting, back in ${rest[0]} s` : `${id}: rebooted`;
      }
      case 'advance': {
        const ms = Number(rest[0]) * 1000;
        if (!Number.isFinite(ms) || ms < 0) return 'advance <id|all> <seconds>';
        for (const r of id === 'all' ? fleet.routers : [router()]) r.advance(ms);
        return `advanced ${rest[0]} s`;
      }
      default:
        return `unknown command ${cmd}; try help`;
    }
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}
