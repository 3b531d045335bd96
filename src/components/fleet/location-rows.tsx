import Link from 'next/link';
import { memo } from 'react';
import type { LiveIncident } from '@/lib/alerts';
import type { LocationSummary } from '@/lib/types';
import { formatBitRate, formatCount, formatPercent } from '@/lib/format';
import { IncidentMarker } from '../alerts/incident-marker';
import { RelativeTime } from '../ui/relative-time';
import { Sparkline } from '../ui/sparkline';
import { STATUS_TONE, isUp, statusReason } from '../ui/status';
import { StatusLight } from '../ui/status-light';

const MEDIUM = 'hidden md:table-cell';
const WIDE = 'hidden xl:table-cell';

/** The fleet as one dense table: a row per location, for wall screens and fleets of 50+. */
export function LocationRows({ locations, trends, incidents }: { locations: LocationSummary[]; trends: Record<string, number[]>; incidents?: ReadonlyMap<string, LiveIncident> }) {
  return (
    <div className="-mx-3 overflow-x-auto rounded-2xl border-line bg-surface shadow-sm sm:mx-0 sm:border">
      <table className="w-full text-left text-sm" data-testid="location-rows">
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Location</th>
            <th scope="col" className="hidden px-2 py-2 font-medium md:table-cell">Status</th>
            <th scope="col" className="px-2 py-2 text-right font-medium">Active</th>
            <th scope="col" className={`px-2 py-2 font-medium ${WIDE}`}>24 h</th>
            <th scope="col" className={`px-2 py-2 font-medium ${MEDIUM}`}>Last activity</th>
            <th scope="col" className={`px-2 py-2 text-right font-medium ${MEDIUM}`}>CPU</th>
            <th scope="col" className={`px-2 py-2 text-right font-medium ${WIDE}`}>Memory</th>
            <th scope="col" className={`px-3 py-2 text-right font-medium ${MEDIUM}`}>Bandwidth ↓/↑</th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {locations.map((l) => (
            <LocationRow key={l.id} l={l} trend={trends[l.id]} incident={incidents?.get(l.id)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One location's row. Memoised: a live patch gives only the locations it changed a new object, so
 * at 500 locations an update re-renders the few rows that changed, not the table.
 */
const LocationRow = memo(function LocationRow({ l, trend, incident }: { l: LocationSummary; trend: number[] | undefined; incident: LiveIncident | undefined }) {
  const up = isUp(l.status);
  const reason = statusReason(l);
  const h = l.health;
  const mem = h?.memoryUsed != null && h.memoryTotal ? (h.memoryUsed / h.memoryTotal) * 100 : null;
  return (
    <tr data-testid={`location-row-${l.id}`} data-status={l.status} className="border-b border-line/60 last:border-0 hover:bg-raised">
      <td className="max-w-[70vw] px-3 py-2 md:max-w-none">
        <Link href={`/hotspot/${l.id}`} className="font-medium hover:underline">
          {l.name}
        </Link>
        {incident && <IncidentMarker location={l.id} incident={incident} className="ml-2 align-middle" />}
        <div className="md:hidden">
          <Status l={l} reason={reason} />
        </div>
      </td>
      <td className="hidden max-w-[22rem] px-2 py-2 md:table-cell">
        <Status l={l} reason={reason} />
      </td>
      <td className="px-2 py-2 text-right whitespace-nowrap">
        {/* A plain number: a gliding one re-renders its cell every frame, and a changed cell lays out the whole table again. */}
        <span className="font-semibold" data-value={l.activeUsers}>
          {formatCount(l.activeUsers)}
        </span>
        <span className="text-xs text-muted"> / {formatCount(l.totalUsers)}</span>
      </td>
      <td className={`px-2 py-2 ${WIDE}`}>
        <Sparkline points={[...(trend ?? []), l.activeUsers]} label={`${l.name} active users, last 24 hours`} className="h-6 w-24 text-accent" />
      </td>
      <td className={`px-2 py-2 whitespace-nowrap ${MEDIUM}`}>
        <RelativeTime at={l.lastActivity} />
      </td>
      <td className={`px-2 py-2 text-right ${MEDIUM} ${up && (h?.cpuLoad ?? 0) >= 90 ? 'font-semibold text-rose-700 dark:text-rose-400' : ''}`}>{up ? formatPercent(h?.cpuLoad) : '—'}</td>
      <td className={`px-2 py-2 text-right ${WIDE}`}>{up ? formatPercent(mem) : '—'}</td>
      <td className={`px-3 py-2 text-right whitespace-nowrap ${MEDIUM}`}>
        {up && l.bandwidth ? (
          <>
            {formatBitRate(l.bandwidth.downloadBps)} <span className="text-muted">/ {formatBitRate(l.bandwidth.uploadBps)}</span>
          </>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
});

function Status({ l, reason }: { l: LocationSummary; reason: string | null }) {
  return (
    <>
      <StatusLight status={l.status} />
      {reason && (
        <span className={`block truncate text-xs ${STATUS_TONE[l.status].text}`} title={reason}>
          {reason} · <RelativeTime at={l.statusSince} clock />
        </span>
      )}
    </>
  );
}
