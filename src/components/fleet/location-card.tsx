import Link from 'next/link';
import type { LiveIncident } from '@/lib/alerts';
import type { LocationSummary } from '@/lib/types';
import { formatBitRate, formatCount, formatDuration } from '@/lib/format';
import { IncidentMarker } from '../alerts/incident-marker';
import { AnimatedNumber } from '../ui/animated-number';
import { Meter } from '../ui/meter';
import { RelativeTime } from '../ui/relative-time';
import { Sparkline } from '../ui/sparkline';
import { STATUS_TONE, isUp, statusReason } from '../ui/status';
import { StatusLight } from '../ui/status-light';

function memoryPercent(l: LocationSummary): number | null {
  const h = l.health;
  return h?.memoryUsed != null && h.memoryTotal ? (h.memoryUsed / h.memoryTotal) * 100 : null;
}

/** One location at a glance: status and why, an open alert, users, last activity, health, bandwidth, 24 h trend. */
export function LocationCard({ location: l, trend, incident }: { location: LocationSummary; trend: number[]; incident?: LiveIncident }) {
  const reason = statusReason(l);
  const up = isUp(l.status);
  const cpu = l.health?.cpuLoad ?? null;
  const mem = memoryPercent(l);
  return (
    <article
      data-testid={`location-card-${l.id}`}
      data-status={l.status}
      className={`group relative flex min-w-0 flex-col rounded-2xl border border-l-4 border-line bg-surface p-4 shadow-sm transition-shadow focus-within:ring-2 focus-within:ring-accent hover:shadow-md ${STATUS_TONE[l.status].ring}`}
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="truncate text-base font-semibold">
            <Link href={`/hotspot/${l.id}`} className="after:absolute after:inset-0 after:rounded-2xl hover:underline focus-visible:underline focus-visible:outline-none">
              {l.name}
            </Link>
          </h3>
          <p className="truncate text-xs text-muted">
            {l.health?.version ? `RouterOS ${l.health.version}` : `${l.host}:${l.port}`}
            {l.health?.boardName ? ` · ${l.health.boardName}` : ''}
          </p>
        </div>
        <StatusLight status={l.status} className="shrink-0" />
      </header>

      <p className={`mt-2 min-h-5 text-sm ${reason ? STATUS_TONE[l.status].text : 'text-muted'}`} data-testid="status-reason">
        {reason ? (
          <>
            {reason} · since <RelativeTime at={l.statusSince} clock className="relative z-10" />
          </>
        ) : (
          <>
            Online since <RelativeTime at={l.statusSince} clock className="relative z-10" />
          </>
        )}
      </p>

      {incident && <IncidentMarker location={l.id} incident={incident} className="mt-2 self-start" />}

      <div className="mt-3 flex items-end justify-between gap-3">
        <div>
          <AnimatedNumber value={l.activeUsers} className="text-3xl font-semibold tabular-nums" testId="active-users" />
          <p className="text-xs text-muted">
            active of <span data-testid="total-users">{formatCount(l.totalUsers)}</span> users
          </p>
        </div>
        <Sparkline points={trend} label={`${l.name} active users, last 24 hours`} className="h-10 w-28 text-accent sm:w-32" />
      </div>

      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-xs">
        <div className="col-span-2 flex justify-between gap-2">
          <dt className="text-muted">Last activity</dt>
          <dd className="font-medium">
            <RelativeTime at={l.lastActivity} className="relative z-10" />
          </dd>
        </div>
        <div>
          <dt className="flex justify-between text-muted">
            CPU <span className="font-medium text-ink">{up && cpu !== null ? `${Math.round(cpu)}%` : '—'}</span>
          </dt>
          <dd className="mt-1">
            <Meter value={up ? cpu : null} label={`${l.name} CPU load`} />
          </dd>
        </div>
        <div>
          <dt className="flex justify-between text-muted">
            Memory <span className="font-medium text-ink">{up && mem !== null ? `${Math.round(mem)}%` : '—'}</span>
          </dt>
          <dd className="mt-1">
            <Meter value={up ? mem : null} label={`${l.name} memory used`} />
          </dd>
        </div>
        <div className="flex justify-between gap-2">
          <dt className="text-muted">Uptime</dt>
          <dd className="font-medium">{up ? formatDuration(l.health?.uptimeSeconds) : '—'}</dd>
        </div>
        <div className="flex justify-between gap-2" title="Download ↓ / upload ↑">
          <dt className="sr-only">Bandwidth</dt>
          <dd className="w-full text-right font-medium tabular-nums">
            {up && l.bandwidth ? (
              <>
                ↓ {formatBitRate(l.bandwidth.downloadBps)} <span className="text-muted">↑ {formatBitRate(l.bandwidth.uploadBps)}</span>
              </>
            ) : (
              '—'
            )}
          </dd>
        </div>
      </dl>
    </article>
  );
}
