'use client';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type YAxisTickContentProps } from 'recharts';
import { formatBitRate, formatBytes, formatCount } from '@/lib/format';

export interface Series {
  key: string;
  label: string;
  color: string;
}

export type ValueFormat = 'count' | 'bps' | 'bytes';

const FORMAT: Record<ValueFormat, (n: number) => string> = { count: formatCount, bps: formatBitRate, bytes: formatBytes };

const pad = (n: number) => String(n).padStart(2, '0');

/** Axis label for a time: clock time within a couple of days, day and month beyond. */
function timeLabel(spanMs: number) {
  return (t: number) => {
    const d = new Date(t);
    if (spanMs <= 15 * 60_000) return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    if (spanMs <= 30 * 3_600_000) return clock;
    if (spanMs <= 8 * 86_400_000) return `${d.toLocaleString('en', { weekday: 'short' })} ${clock}`;
    return `${d.getDate()} ${d.toLocaleString('en', { month: 'short' })}`;
  };
}

const dayLabel = (t: number) => {
  const d = new Date(t);
  return `${d.getDate()} ${d.toLocaleString('en', { month: 'short' })}`;
};

/**
 * A time series chart (area or bars) with readable axes and a tooltip in human units. Colours are
 * fixed hues that read on both themes; text and grid follow the theme through `currentColor`.
 */
export function TimeChart({
  data,
  series,
  format = 'count',
  kind = 'area',
  height = 220,
  label,
  stacked = false,
}: {
  data: Array<Record<string, number | null>>;
  series: Series[];
  format?: ValueFormat;
  kind?: 'area' | 'bar';
  height?: number;
  label: string;
  stacked?: boolean;
}) {
  const ts = data.map((d) => d.t ?? 0);
  const span = ts.length > 1 ? ts[ts.length - 1]! - ts[0]! : 0;
  const fmt = FORMAT[format];
  const x = timeLabel(span);
  const axis = { stroke: 'currentColor', tick: { fill: 'currentColor', fontSize: 11 }, tickLine: false, axisLine: false } as const;
  const common = {
    data,
    margin: { top: 14, right: 8, bottom: 0, left: 0 },
  };
  const children = (
    <>
      <CartesianGrid stroke="currentColor" strokeOpacity={0.12} vertical={false} />
      {kind === 'bar' ? (
        <XAxis dataKey="t" type="category" tickFormatter={(t: number) => dayLabel(t)} minTickGap={16} {...axis} />
      ) : (
        <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={x} minTickGap={48} {...axis} />
      )}
      <YAxis
        width={format === 'count' ? 40 : 72}
        allowDecimals={false}
        {...axis}
        // Drawn by hand: Recharts wraps "120 Mbps" onto two lines when it guesses the width too small.
        tick={(p: YAxisTickContentProps) => (
          <text x={p.x} y={p.y} dy={4} textAnchor="end" fill="currentColor" fontSize={11}>
            {fmt(Number(p.payload.value))}
          </text>
        )}
      />
      <Tooltip
        labelFormatter={(t) => new Date(Number(t)).toLocaleString('en-GB', kind === 'bar' ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' })}
        formatter={(v) => fmt(Number(v))}
        contentStyle={{ background: 'var(--color-surface)', border: '1px solid var(--color-line)', borderRadius: 12, color: 'var(--color-ink)', fontSize: 12 }}
        cursor={{ stroke: 'currentColor', strokeOpacity: 0.2 }}
      />
    </>
  );
  return (
    <figure className="text-muted" aria-label={label} role="img">
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 320, height }}>
        {kind === 'bar' ? (
          <BarChart {...common}>
            {children}
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} stackId={stacked ? 'a' : undefined} maxBarSize={48} isAnimationActive={false} />
            ))}
          </BarChart>
        ) : (
          <AreaChart {...common}>
            {children}
            {series.map((s) => (
              <Area key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={s.color} fill={s.color} fillOpacity={0.15} strokeWidth={2} stackId={stacked ? 'a' : undefined} connectNulls isAnimationActive={false} dot={false} />
            ))}
          </AreaChart>
        )}
      </ResponsiveContainer>
      <figcaption className="mt-1 flex flex-wrap gap-3 text-xs">
        {series.map((s) => (
          <span key={s.key} className="inline-flex items-center gap-1.5">
            <span aria-hidden className="size-2.5 rounded-sm" style={{ background: s.color }} />
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
