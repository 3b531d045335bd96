'use client';
import { useState } from 'react';
import { RangePicker, type Range } from '../charts/range-picker';
import { TimeChart } from '../charts/time-chart';
import { useTrends } from '../charts/use-trends';
import { Panel } from '../ui/panel';
import { Skeleton } from '../ui/skeleton';

const H = 3_600_000;
const RANGES: Range[] = [
  { id: '6h', label: '6 h', ms: 6 * H },
  { id: '24h', label: '24 h', ms: 24 * H },
  { id: '7d', label: '7 d', ms: 7 * 24 * H },
  { id: '30d', label: '30 d', ms: 30 * 24 * H },
];

/** Bandwidth and active users of one location over the last hours or days. */
export function LocationCharts({ location }: { location: string }) {
  const [range, setRange] = useState('6h');
  const ms = RANGES.find((r) => r.id === range)!.ms;
  const { data, error, loading } = useTrends(location, ms, 30_000);
  const points = data?.series[0]?.points ?? [];
  const bw = points.map((p) => ({ t: p.t, down: p.rxBpsMax, up: p.txBpsMax }));
  const users = points.map((p) => ({ t: p.t, active: p.activeAvg, peak: p.activeMax }));
  const peak = (label: string) => (data && data.resolution !== 'raw' ? `${label}, ${data.resolution === 'hour' ? 'hourly' : 'daily'} peak` : label);
  const picker = <RangePicker ranges={RANGES} value={range} onChange={setRange} label="Chart range" />;
  const body = (chart: React.ReactNode) =>
    error ? <p className="text-sm text-rose-700 dark:text-rose-400">Could not load history: {error}</p> : loading ? <Skeleton className="h-56" /> : points.length < 2 ? <p className="grid h-56 place-items-center text-sm text-muted">Not enough history yet: charts fill in as polls come in.</p> : chart;
  return (
    <div className="grid min-w-0 gap-4 xl:grid-cols-2">
      <Panel title="Bandwidth" id="bandwidth-chart" actions={picker}>
        {body(<TimeChart data={bw} format="bps" label="Bandwidth, download and upload" series={[{ key: 'down', label: peak('Download'), color: '#0ea5e9' }, { key: 'up', label: peak('Upload'), color: '#a855f7' }]} />)}
      </Panel>
      <Panel title="Active users" id="users-chart" actions={picker}>
        {body(<TimeChart data={users} label="Active users" series={[{ key: 'active', label: data?.resolution === 'raw' ? 'Active' : 'Average', color: '#10b981' }, ...(data?.resolution === 'raw' ? [] : [{ key: 'peak', label: 'Peak', color: '#f59e0b' }])]} />)}
      </Panel>
    </div>
  );
}
