'use client';
import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBytes, formatCount } from '@/lib/format';
import { RangePicker, type Range } from '../charts/range-picker';
import { TimeChart } from '../charts/time-chart';
import { useTrends } from '../charts/use-trends';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { Panel } from '../ui/panel';
import { Skeleton } from '../ui/skeleton';
import { activeByLocation, dataPerDay, locationTotals } from './trend-math';

const DAY = 86_400_000;
const RANGES: Range[] = [
  { id: '1d', label: 'Day', ms: DAY },
  { id: '7d', label: 'Week', ms: 7 * DAY },
  { id: '30d', label: 'Month', ms: 30 * DAY },
  { id: '90d', label: '3 months', ms: 90 * DAY },
  { id: '365d', label: 'Year', ms: 365 * DAY },
];

/**
 * Active users, data used per day and busiest hours, for the fleet or one location. `limited`: the
 * account sees only some locations, and "all" means all of those.
 */
export function TrendsView({ locations, limited = false }: { locations: Array<{ id: string; name: string }>; limited?: boolean }) {
  const [range, setRange] = useState('7d');
  const [location, setLocation] = useState('');
  const ms = RANGES.find((r) => r.id === range)!.ms;
  const { data, error, loading } = useTrends(location || null, ms);
  const names = useMemo(() => Object.fromEntries(locations.map((l) => [l.id, l.name])), [locations]);
  const series = useMemo(() => data?.series ?? [], [data]);
  const active = useMemo(() => activeByLocation(series, names, 8, data?.resolution === 'raw' ? undefined : 1), [series, names, data]);
  const perDay = useMemo(() => dataPerDay(series), [series]);
  const totals = useMemo(() => locationTotals(series), [series]);
  const hours = data?.busiestHours ?? [];
  const peakHour = hours.reduce((best, h) => (h.activeAvg > (best?.activeAvg ?? -1) ? h : best), hours[0]);
  const empty = !loading && !error && series.every((s) => s.points.length === 0);
  return (
    <>
      <PageHeader
        title="Trends"
        subtitle={data ? `${data.resolution === 'raw' ? 'Every poll' : data.resolution === 'hour' ? 'Hourly averages' : 'Daily averages'} · times in your local time` : 'Usage over time'}
        actions={
          <>
            <select value={location} onChange={(e) => setLocation(e.target.value)} aria-label="Location" className="min-h-9 rounded-lg border border-line bg-surface px-3 text-sm">
              <option value="">{limited ? 'All my locations' : 'All locations'}</option>
              {locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
            <RangePicker ranges={RANGES} value={range} onChange={setRange} label="Time range" />
          </>
        }
      />
      {error && (
        <p role="alert" className="mb-4 rounded-xl border border-rose-500/40 bg-rose-500/10 p-3 text-sm text-rose-700 dark:text-rose-300">
          Could not load trends: {error}
        </p>
      )}
      {empty ? (
        <EmptyState title="No history for this range yet" icon="∿">
          Trends fill in as the monitor polls: every poll is a sample, rolled up hourly and daily. Leave it running, or choose a shorter range.
        </EmptyState>
      ) : (
        <div className="grid min-w-0 gap-4 xl:grid-cols-3">
          <Panel title="Active users over time" id="trend-active" className="xl:col-span-2">
            {loading ? <Skeleton className="h-72" /> : <TimeChart data={active.rows} series={active.series} stacked height={288} label="Active users over time, stacked by location" />}
          </Panel>
          <Panel title="Busiest hours" id="trend-hours" actions={peakHour && peakHour.activeAvg > 0 ? <span className="text-xs text-muted">peak {String(peakHour.hour).padStart(2, '0')}:00</span> : undefined}>
            {loading ? (
              <Skeleton className="h-72" />
            ) : (
              <figure className="text-muted" role="img" aria-label="Average active users by hour of day">
                <ResponsiveContainer width="100%" height={288} initialDimension={{ width: 320, height: 288 }}>
                  <BarChart data={hours} margin={{ top: 14, right: 8, bottom: 0, left: 0 }}>
                    <CartesianGrid stroke="currentColor" strokeOpacity={0.12} vertical={false} />
                    <XAxis dataKey="hour" tickFormatter={(h: number) => String(h).padStart(2, '0')} stroke="currentColor" tick={{ fill: 'currentColor', fontSize: 11 }} tickLine={false} axisLine={false} interval={2} />
                    <YAxis width={40} tickFormatter={(v: number) => formatCount(v)} stroke="currentColor" tick={{ fill: 'currentColor', fontSize: 11 }} tickLine={false} axisLine={false} allowDecimals={false} />
                    <Tooltip
                      labelFormatter={(h) => `${String(h).padStart(2, '0')}:00–${String((Number(h) + 1) % 24).padStart(2, '0')}:00`}
                      formatter={(v) => [formatCount(Number(v)), 'Average active']}
                      contentStyle={{ background: 'var(--color-surface)', border: '1px solid var(--color-line)', borderRadius: 12, color: 'var(--color-ink)', fontSize: 12 }}
                      cursor={{ fill: 'currentColor', fillOpacity: 0.08 }}
                    />
                    <Bar dataKey="activeAvg" fill="#6366f1" radius={[3, 3, 0, 0]} isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </figure>
            )}
          </Panel>
          <Panel title="Data used per day" id="trend-data" className="xl:col-span-2">
            {loading ? (
              <Skeleton className="h-64" />
            ) : (
              <TimeChart kind="bar" stacked data={perDay} format="bytes" height={256} label="Data used per day" series={[{ key: 'down', label: 'Downloaded', color: '#0ea5e9' }, { key: 'up', label: 'Uploaded', color: '#a855f7' }]} />
            )}
          </Panel>
          <Panel title="By location" id="trend-locations">
            {loading ? (
              <Skeleton className="h-64" />
            ) : (
              <div className="-mx-4 overflow-x-auto sm:mx-0">
                <table className="w-full text-left text-sm tabular-nums">
                  <thead className="border-b border-line text-xs text-muted">
                    <tr>
                      <th scope="col" className="px-4 py-2 font-medium sm:px-1">Location</th>
                      <th scope="col" className="px-1 py-2 text-right font-medium">Avg</th>
                      <th scope="col" className="px-1 py-2 text-right font-medium">Peak</th>
                      <th scope="col" className="px-4 py-2 text-right font-medium sm:px-1">Data</th>
                    </tr>
                  </thead>
                  <tbody>
                    {totals.map((t) => (
                      <tr key={t.location} className="border-b border-line/60 last:border-0">
                        <td className="px-4 py-1.5 font-medium sm:px-1">{names[t.location] ?? t.location}</td>
                        <td className="px-1 py-1.5 text-right">{formatCount(t.activeAvg)}</td>
                        <td className="px-1 py-1.5 text-right">{formatCount(t.activeMax)}</td>
                        <td className="px-4 py-1.5 text-right sm:px-1">{formatBytes(t.down + t.up)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Panel>
        </div>
      )}
    </>
  );
}
