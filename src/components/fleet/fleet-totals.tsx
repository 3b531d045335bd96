'use client';
import type { FleetTotals as Totals } from '@/lib/wire';
import { AnimatedNumber } from '../ui/animated-number';

function Stat({ label, children, tone = '' }: { label: string; children: React.ReactNode; tone?: string }) {
  return (
    <div className="min-w-0 rounded-2xl border border-line bg-surface px-4 py-3 shadow-sm">
      <dt className="text-xs font-medium tracking-wide text-muted uppercase">{label}</dt>
      <dd className={`mt-1 text-2xl font-semibold tabular-nums sm:text-3xl ${tone}`}>{children}</dd>
    </div>
  );
}

/**
 * Fleet totals: active users, routers up and down, bandwidth. Computed by the server over every
 * location the account may see (the page may hold only its first screen of them).
 */
export function FleetTotals({ totals }: { totals: Totals }) {
  const { totalActiveUsers: active, totalUsers: users } = totals;
  const { downloadBps: dl, uploadBps: ul } = totals.bandwidth;
  const { up, down, total } = totals.routers;
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <Stat label="Active users">
        <AnimatedNumber value={active} testId="total-active" />
        <span className="ml-1 text-sm font-normal text-muted">/ <AnimatedNumber value={users} testId="total-users-all" /></span>
      </Stat>
      <Stat label="Routers up" tone="text-emerald-600 dark:text-emerald-400">
        <span data-testid="routers-up">{up}</span>
        <span className="ml-1 text-sm font-normal text-muted">of {total}</span>
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
