'use client';
import type { LocationSummary } from '@/lib/types';
import { AnimatedNumber } from '../ui/animated-number';
import { routerCounts } from '@/lib/fleet';

function Stat({ label, children, tone = '' }: { label: string; children: React.ReactNode; tone?: string }) {
  return (
    <div className="min-w-0 rounded-2xl border border-line bg-surface px-4 py-3 shadow-sm">
      <dt className="text-xs font-medium tracking-wide text-muted uppercase">{label}</dt>
      <dd className={`mt-1 text-2xl font-semibold tabular-nums sm:text-3xl ${tone}`}>{children}</dd>
    </div>
  );
}

/** Fleet totals: active users, routers up and down, bandwidth. */
export function FleetTotals({ locations }: { locations: LocationSummary[] }) {
  let active = 0;
  let users = 0;
  let dl = 0;
  let ul = 0;
  for (const l of locations) {
    active += l.activeUsers;
    users += l.totalUsers ?? 0;
    dl += l.bandwidth?.downloadBps ?? 0;
    ul += l.bandwidth?.uploadBps ?? 0;
  }
  const { up, down } = routerCounts(locations);
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <Stat label="Active users">
        <AnimatedNumber value={active} testId="total-active" />
        <span className="ml-1 text-sm font-normal text-muted">/ <AnimatedNumber value={users} testId="total-users-all" /></span>
      </Stat>
      <Stat label="Routers up" tone="text-emerald-600 dark:text-emerald-400">
        <span data-testid="routers-up">{up}</span>
        <span className="ml-1 text-sm font-normal text-muted">of {locations.length}</span>
      </Stat>
      <Stat label="Routers down" tone={down ? 'text-rose-600 dark:text-rose-400' : 'text-muted'}>
        <span data-testid="routers-down">{down}</span>
      </Stat>
      <Stat label="Bandwidth">
        <span className="text-lg sm:text-2xl">
          ↓ <AnimatedNumber value={dl} format="bps" />
        </span>
        <span className="block text-xs font-normal text-muted">
          ↑ <AnimatedNumber value={ul} format="bps" />
        </span>
      </Stat>
    </dl>
  );
}
