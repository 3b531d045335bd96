/**
 * A fleet of simulated routers, one loopback port each, named after Nigerian cities (Awka, Lagos,
 * Abuja...; past the list: `Awka 2`...), and the `MIKROTIK_<ID>_*` lines that point the app at it.
 */
import { cityName, idFromName } from './names';
import { seedFrom } from './random';
import { startRouter, type SimRouter, type SimRouterOptions } from './router';
import type { Clock, Personality } from './types';

export interface FleetOptions {
  /** How many routers (named after cities), or each router's own options. */
  routers: number | SimRouterOptions[];
  /** Configured hotspot users per router. Default 200. */
  users?: number;
  /** Spread of router sizes, 0..1: each router gets `users × (1 ± spread)`. Default 0 (all equal). */
  sizeSpread?: number;
  /** Peak concurrent sessions per router. Default 40 % of its users. */
  activeTarget?: number;
  /** Sessions per router at start. Default: the daily rhythm at the clock's hour. */
  initialActive?: number;
  /** Fleet seed; each router's seed derives from it and its id. Default 1. */
  seed?: number;
  /** API user of every router. Default `admin`. */
  user?: string;
  /** API password of every router. Default `secret`. */
  password?: string;
  /** Assigned round-robin. Default `['7.17']`. */
  personalities?: Personality[];
  clock?: Clock;
  /** Model tick per router, ms. Default 1000; 0 = only on demand. */
  tickMs?: number;
  /** First port; router n listens on `basePort + n`. Default 0 (any free port each). */
  basePort?: number;
  /** API `max-sessions` of every router. Default 20 (RouterOS's default). */
  maxSessions?: number;
}

export interface SimFleet {
  readonly routers: SimRouter[];
  /** The router with this id; throws when there is none. */
  router(id: string): SimRouter;
  /** `MIKROTIK_<ID>_HOST/_PORT/_USER/_PASSWORD/_NAME` for every router. */
  env(): Record<string, string>;
  /** {@link env} as `KEY=value` lines. */
  envLines(): string;
  close(): Promise<void>;
}

/** Expands fleet options to one option set per router. */
export function fleetRouterOptions(o: FleetOptions): SimRouterOptions[] {
  const seed = o.seed ?? 1;
  const personalities = o.personalities?.length ? o.personalities : (['7.17'] as Personality[]);
  const base = Array.isArray(o.routers)
    ? o.routers
    : Array.from({ length: o.routers }, (_, i): SimRouterOptions => {
        const name = cityName(i);
        return { id: idFromName(name), name };
      });
  return base.map((r, i) => {
    const spread = Math.min(1, Math.max(0, o.sizeSpread ?? 0));
    const factor = 1 + spread * (((seedFrom(seed, r.id, 'size') % 2001) / 1000) - 1);
    const users = r.users ?? Math.max(1, Math.round((o.users ?? 200) * factor));
    const opts: SimRouterOptions = {
      personality: personalities[i % personalities.length]!,
      seed: seedFrom(seed, r.id),
      users,
      ...r,
    };
    if (o.user !== undefined && r.user === undefined) opts.user = o.user;
    if (o.password !== undefined && r.password === undefined) opts.password = o.password;
    if (o.activeTarget !== undefined && r.activeTarget === undefined) opts.activeTarget = o.activeTarget;
    if (o.initialActive !== undefined && r.initialActive === undefined) opts.initialActive = o.initialActive;
    if (o.clock !== undefined && r.clock === undefined) opts.clock = o.clock;
    if (o.tickMs !== undefined && r.tickMs === undefined) opts.tickMs = o.tickMs;
    if (o.maxSessions !== undefined && r.maxSessions === undefined) opts.maxSessions = o.maxSessions;
    if (o.basePort && r.port === undefined) opts.port = o.basePort + i;
    return opts;
  });
}

export async function startFleet(o: FleetOptions): Promise<SimFleet> {
  const options = fleetRouterOptions(o);
  const ids = new Set<string>();
  for (const r of options) {
    if (ids.has(r.id)) throw new Error(`duplicate router id: ${r.id}`);
    ids.add(r.id);
  }
  const settled = await Promise.allSettled(options.map((r) => startRouter(r)));
  const routers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(routers.map((r) => r.close()));
    throw failed.reason;
  }
  const byId = new Map(routers.map((r) => [r.id, r]));
  const env = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const r of routers) {
      const key = `MIKROTIK_${r.id.toUpperCase()}`;
      out[`${key}_HOST`] = r.host;
      out[`${key}_PORT`] = String(r.port);
      out[`${key}_USER`] = r.user;
      out[`${key}_PASSWORD`] = r.password;
      out[`${key}_NAME`] = r.name;
    }
    return out;
  };
  return {
    routers,
    router(id) {
      const r = byId.get(id);
      if (!r) throw new Error(`no such router: ${id}`);
      return r;
    },
    env,
    envLines: () =>
      Object.entries(env())
        .map(([k, v]) => `${k}=${/[\s#"'$\\]/.test(v) ? JSON.stringify(v) : v}`)
        .join('\n'),
    close: async () => {
      await Promise.all(routers.map((r) => r.close()));
    },
  };
}
