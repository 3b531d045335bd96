/**
 * The Grafana dashboard we ship (docs/grafana/phsweb-hotspot.json) and the metrics reference
 * (docs/metrics.md) against a real scrape: the dashboard is valid JSON that imports with a data
 * source variable, each of its queries is valid PromQL (parsed with the Prometheus project's own
 * grammar), every metric it queries is one the app exposes, and every metric the app exposes is
 * described in the docs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parser } from '@prometheus-io/lezer-promql';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCollectorMetrics } from '@/metrics/collector-metrics';
import type { Runtime } from '@/server/runtime';
import { startFleet, type SimFleet } from '@/simulator';
import { installTestRuntime } from './auth-support';
import { METRICS_TOKEN, scrapeFamilies } from './metrics-support';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DASHBOARD_TEXT = readFileSync(`${ROOT}docs/grafana/phsweb-hotspot.json`, 'utf8');
const DOCS = readFileSync(`${ROOT}docs/metrics.md`, 'utf8');

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every `expr` of a target, anywhere in the dashboard (rows may nest panels). */
function expressions(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) expressions(n, out);
  else if (node && typeof node === 'object') {
    if (typeof node.expr === 'string') out.push(node.expr);
    for (const v of Object.values(node)) expressions(v, out);
  }
  return out;
}

/** Grafana's own variables stand in for durations; they are replaced before PromQL sees them. */
const withDurations = (expr: string) => expr.replace(/\$__(rate_interval|interval|range)/g, '5m');

/** The metric names `expr` selects; throws when it is not valid PromQL. */
function metricNames(expr: string): string[] {
  const promql = withDurations(expr);
  const names: string[] = [];
  const errors: number[] = [];
  parser.parse(promql).iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from);
      if (node.name === 'VectorSelector') {
        const id = node.node.getChild('Identifier');
        if (id) names.push(promql.slice(id.from, id.to));
      }
    },
  });
  if (errors.length) throw new Error(`not valid PromQL at ${errors.join(', ')}: ${promql}`);
  return names;
}

let fleet: SimFleet;
let runtime: Runtime;
let installed: Awaited<ReturnType<typeof installTestRuntime>> | undefined;
/** Every sample name of a real scrape (`x_bucket`, `x_count`... for histograms), and of a collector's own metrics. */
let exposed: Set<string>;
/** Every metric family of that scrape. */
let families: string[];

beforeAll(async () => {
  fleet = await startFleet({ routers: [{ id: 'awka', users: 30, initialActive: 6 }, { id: 'lagos', users: 20, initialActive: 2 }], password: 'grafana-test-router-pw', tickMs: 0 });
  // Lagos refuses us, so the failure counter has a series too.
  installed = await installTestRuntime(fleet, 'phsweb-grafana-', { HOTSPOT_METRICS_TOKEN: METRICS_TOKEN, MIKROTIK_LAGOS_PASSWORD: 'not-the-password' });
  ({ runtime } = installed);
  await runtime.monitor.refresh();
  await runtime.monitor.refresh();
  runtime.metrics.requestServed('GET', 200, '/hotspot');
  const scraped = await scrapeFamilies(runtime);
  // A collector's own families, which a single process does not have (collector-metrics.test.ts
  // scrapes real collectors on PostgreSQL); the rest of a collector's scrape is the same as here.
  const collector = new Registry();
  defineCollectorMetrics(collector, 'c1', () => 2).commands.inc({ action: 'kick', result: 'done' });
  const text = `${scraped.text}\n${await collector.metrics()}`;
  exposed = new Set(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(l)![0]));
  families = [...scraped.families.keys(), ...collector.getMetricsAsArray().map((m) => m.name)];
});

afterAll(async () => {
  await installed?.stop();
  await fleet?.close();
});

describe('docs/grafana/phsweb-hotspot.json', () => {
  const dashboard = JSON.parse(DASHBOARD_TEXT) as Record<string, Json> & { panels: Array<Record<string, Json>>; templating: { list: Array<Record<string, Json>> } };

  it('is a dashboard Grafana imports, on a data source chosen when it is used', () => {
    expect(dashboard).toMatchObject({ title: 'PHSWEB Hotspot', uid: 'phsweb-hotspot', schemaVersion: expect.any(Number) });
    expect(dashboard.templating.list.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels) {
      const grid = p.gridPos as { x: number; w: number };
      expect(grid.x + grid.w, String(p.title)).toBeLessThanOrEqual(24);
      if (p.type === 'row') continue;
      expect(p.datasource, String(p.title)).toEqual({ type: 'prometheus', uid: '${datasource}' });
      for (const t of p.targets as Array<Record<string, Json>>) expect(t.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
    // What the brief for the dashboard asks for, by panel.
    const titles = dashboard.panels.map((p) => String(p.title));
    for (const t of ['Fleet status', 'Active users per location', 'CPU load', 'Memory used', 'Download (to users)', 'Poll duration (p95)', 'Poll failures', 'Event loop lag']) expect(titles).toContain(t);
  });

  it('queries valid PromQL, and only metrics the app exposes', () => {
    const exprs = expressions(dashboard as Json);
    expect(exprs.length).toBeGreaterThan(30);
    const queried = new Set(exprs.flatMap(metricNames));
    // Template variables use Grafana's label_values(metric, label), which is not PromQL.
    for (const v of dashboard.templating.list) {
      const m = /label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(String(v.definition ?? ''));
      if (m) queried.add(m[1]!);
    }
    expect(queried.size).toBeGreaterThan(20);
    expect([...queried].filter((n) => !exposed.has(n))).toEqual([]);
  });

  it('the PromQL check can fail: a misspelt metric and a broken expression are caught', () => {
    expect(metricNames('sum(rate(phsweb_location_poll_failures_totl[$__rate_interval]))').filter((n) => !exposed.has(n))).toEqual(['phsweb_location_poll_failures_totl']);
    expect(() => metricNames('sum(phsweb_location_up{location=~"$location"')).toThrow(/not valid PromQL/);
  });
});

describe('docs/metrics.md', () => {
  it('describes every metric the app exposes', () => {
    const ours = families.filter((f) => f.startsWith('phsweb_'));
    expect(ours.length).toBeGreaterThan(25);
    expect(ours.filter((f) => !DOCS.includes(`\`${f}\``))).toEqual([]);
  });
});
