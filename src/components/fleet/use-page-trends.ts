'use client';
import { useEffect, useRef, useState } from 'react';
import { MIN_HOURLY_POINTS, roundTrend, thinTrend } from '@/lib/trend';
import { apiFetch } from '../api';

const HOUR = 3_600_000;

type TrendsBody = { series: Array<{ location: string; points: Array<{ activeAvg: number }> }> };

async function series(ids: string[], from: number, to: number, resolution: 'hour' | 'raw'): Promise<Record<string, number[]> | null> {
  const q = new URLSearchParams({ location: ids.join(','), from: String(from), to: String(to), resolution });
  const res = await apiFetch(`/api/hotspot/trends?${q}`, { cache: 'no-store' }).catch(() => null);
  if (!res?.ok) return null;
  const body = (await res.json()) as TrendsBody;
  return Object.fromEntries(body.series.map((s) => [s.location, roundTrend(s.points.map((p) => p.activeAvg))]));
}

/** The 24 h sparklines of `ids`, as the server render computes them (hourly, or the last two hours raw while history is young). */
async function fetchTrends(ids: string[]): Promise<Record<string, number[]> | null> {
  const now = Date.now();
  const hourly = await series(ids, now - 24 * HOUR, now, 'hour');
  if (!hourly || Object.values(hourly).some((p) => p.length >= MIN_HOURLY_POINTS)) return hourly;
  const raw = await series(ids, now - 2 * HOUR, now, 'raw');
  return raw && Object.fromEntries(Object.entries(raw).map(([id, p]) => [id, thinTrend(p)]));
}

/**
 * Sparkline trends for the locations on screen. The server render sends those of its first page
 * only; another page, filter or sort fetches the trends of what it shows, once per location.
 */
export function usePageTrends(ids: readonly string[], initial: Record<string, number[]>): Record<string, number[]> {
  const [trends, setTrends] = useState(initial);
  const asked = useRef(new Set(Object.keys(initial)));
  const key = ids.join(',');
  useEffect(() => {
    const missing = key.split(',').filter((id) => id && !asked.current.has(id));
    if (!missing.length) return;
    for (const id of missing) asked.current.add(id);
    let live = true;
    void fetchTrends(missing).then((got) => {
      if (!got || !live) {
        // Not fetched: let the next page change try again.
        for (const id of missing) asked.current.delete(id);
        return;
      }
      setTrends((prev) => ({ ...prev, ...Object.fromEntries(missing.map((id) => [id, got[id] ?? []])) }));
    });
    return () => {
      live = false;
    };
  }, [key]);
  return trends;
}
