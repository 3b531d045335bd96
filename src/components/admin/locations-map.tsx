'use client';
import { useId } from 'react';
import { projectPoints, type MapPoint } from '@/lib/map';
import type { LocationStatus } from '@/lib/types';
import { STATUS_LABEL } from '../ui/status';

/** A location with coordinates and its live status (`null`: not polled, e.g. disabled). */
export interface MapLocation extends MapPoint {
  name: string;
  status: LocationStatus | null;
}

/** SVG fills per status, the same hues as the status lights. */
const FILL: Record<LocationStatus | 'paused', string> = {
  online: 'fill-emerald-500',
  degraded: 'fill-amber-500',
  pending: 'fill-slate-400',
  offline: 'fill-rose-500',
  'auth-failed': 'fill-fuchsia-500',
  error: 'fill-rose-600',
  paused: 'fill-slate-300 dark:fill-slate-600',
};

const W = 640;
const H = 380;

/**
 * The locations that have coordinates, as dots on a plain SVG coloured by status, with their names.
 * No tiles and no network: it works offline. Each dot has a title (hover) and the whole map a text
 * list for screen readers.
 */
export function LocationsMap({ locations }: { locations: MapLocation[] }) {
  const titleId = useId();
  const placed = projectPoints(locations, W, H, 40);
  if (!placed.length) {
    return <p className="text-sm text-muted">No location has coordinates yet. Add latitude and longitude to a router to see it here.</p>;
  }
  const text = (l: MapLocation) => `${l.name}: ${l.status ? STATUS_LABEL[l.status] : 'Paused'}`;
  return (
    <figure className="min-w-0">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} className="h-auto w-full rounded-xl border border-line bg-raised" data-testid="locations-map">
        <title id={titleId}>{`Map of ${placed.length} location${placed.length === 1 ? '' : 's'}: ${placed.map((p) => text(p.point)).join('; ')}`}</title>
        {/* A faint graticule so distances read as distances even without a base map. */}
        <g className="stroke-line" strokeWidth="1" aria-hidden>
          {[1, 2, 3].map((i) => (
            <line key={`h${i}`} x1="0" x2={W} y1={(H * i) / 4} y2={(H * i) / 4} strokeDasharray="2 6" />
          ))}
          {[1, 2, 3, 4, 5].map((i) => (
            <line key={`v${i}`} y1="0" y2={H} x1={(W * i) / 6} x2={(W * i) / 6} strokeDasharray="2 6" />
          ))}
        </g>
        {placed.map(({ point: l, x, y }) => (
          <g key={l.id} data-map-location={l.id} data-status={l.status ?? 'paused'}>
            <circle cx={x} cy={y} r="9" className={`${FILL[l.status ?? 'paused']} stroke-surface`} strokeWidth="2">
              <title>{text(l)}</title>
            </circle>
            <text x={x + 13} y={y + 4} className="fill-ink text-[13px]" paintOrder="stroke" stroke="var(--color-surface, white)" strokeWidth="3" aria-hidden>
              {l.name}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
        {(['online', 'degraded', 'offline', 'auth-failed', 'pending'] as const).map((s) => (
          <span key={s} className="inline-flex items-center gap-1">
            <svg aria-hidden viewBox="0 0 10 10" className="size-2.5">
              <circle cx="5" cy="5" r="5" className={FILL[s]} />
            </svg>
            {STATUS_LABEL[s]}
          </span>
        ))}
        <span className="inline-flex items-center gap-1">
          <svg aria-hidden viewBox="0 0 10 10" className="size-2.5">
            <circle cx="5" cy="5" r="5" className={FILL.paused} />
          </svg>
          Paused
        </span>
      </figcaption>
    </figure>
  );
}
