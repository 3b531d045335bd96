'use client';
import { useEffect, useState } from 'react';
import { apiFetch } from '../api';

export interface TrendPointView {
  t: number;
  activeAvg: number;
  activeMax: number;
  cpuAvg: number | null;
  rxBytes: number;
  txBytes: number;
  rxBpsMax: number | null;
  txBpsMax: number | null;
}

export interface TrendsView {
  resolution: 'raw' | 'hour' | 'day';
  series: Array<{ location: string; points: TrendPointView[] }>;
  busiestHours: Array<{ hour: number; activeAvg: number }>;
}

type Wire = Omit<TrendsView, 'series'> & { series: Array<{ location: string; points: Array<Omit<TrendPointView, 't'> & { t: string }> }> };

/** Fetches `/api/hotspot/trends` for a location (or all) over the last `rangeMs`, refetching every `refreshMs`. */
export function useTrends(location: string | null, rangeMs: number, refreshMs = 60_000): { data: TrendsView | null; error: string | null; loading: boolean } {
  const [state, setState] = useState<{ key: string; data: TrendsView | null; error: string | null }>({ key: '', data: null, error: null });
  const key = `${location ?? ''}|${rangeMs}`;
  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      const to = Date.now();
      const q = new URLSearchParams({ from: String(to - rangeMs), to: String(to), utcOffset: String(-new Date().getTimezoneOffset()) });
      if (location) q.set('location', location);
      try {
        let res = await apiFetch(`/api/hotspot/trends?${q}`, { cache: 'no-store' });
        let body = (await res.json()) as Wire & { message?: string };
        // Young history (a fresh install): too few buckets to draw, so show every poll instead.
        const most = res.ok ? Math.max(0, ...body.series.map((x) => x.points.length)) : 0;
        if (res.ok && body.resolution !== 'raw' && most < 3 && rangeMs <= 7 * 86_400_000) {
          q.set('resolution', 'raw');
          res = await apiFetch(`/api/hotspot/trends?${q}`, { cache: 'no-store' });
          body = (await res.json()) as Wire & { message?: string };
        }
        if (cancelled) return;
        if (!res.ok) return setState({ key, data: null, error: body.message ?? `HTTP ${res.status}` });
        const data: TrendsView = { ...body, series: body.series.map((s) => ({ location: s.location, points: s.points.map((p) => ({ ...p, t: Date.parse(p.t) })) })) };
        setState({ key, data, error: null });
      } catch (err) {
        if (!cancelled) setState((s) => ({ ...s, key, error: err instanceof Error ? err.message : 'network error' }));
      }
    };
    void load();
    const timer = setInterval(() => void load(), refreshMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [key, location, rangeMs, refreshMs]);
  return { data: state.key === key ? state.data : null, error: state.key === key ? state.error : null, loading: state.key !== key };
}
