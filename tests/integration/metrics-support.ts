/**
 * For the metrics tests: scraping the route as Next.js calls it (with the address `server.mjs`
 * would put in `X-Forwarded-For`), and reading the answer with a real Prometheus text-format parser.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { GET as metricsRoute } from '@/app/api/metrics/route';
import { installRuntime, type Runtime } from '@/server/runtime';

export const METRICS_TOKEN = 'metrics-test-token-Vq7Lm2Zx9Rt4';

/** One sample of a family: its labels and value. */
export interface Sample {
  labels: Record<string, string>;
  value?: string;
}

export interface Family {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  metrics: Sample[];
}

/** Calls `/api/metrics` on `runtime` from `address` (the socket address), with `token` if given. */
export async function scrape(runtime: Runtime, options: { token?: string; address?: string; forwardedFor?: string } = {}): Promise<Response> {
  installRuntime(runtime);
  const headers: Record<string, string> = { 'x-forwarded-for': options.forwardedFor ?? options.address ?? '127.0.0.1' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  return metricsRoute(new Request('http://localhost/api/metrics', { headers }), { params: Promise.resolve({}) });
}

/**
 * Scrapes with the test token and parses the answer; throws unless it is a 200. `families` is the
 * parser's view of the text as served (names, help, types, samples). The parser merges the samples
 * of a labelled histogram into one (it follows prom2json, whose histograms have no labels), so
 * `series` is a second parse of the same text with histograms declared untyped: each `_bucket`,
 * `_sum` and `_count` line is then a sample of its own, with its labels.
 */
export async function scrapeFamilies(runtime: Runtime): Promise<Parsed> {
  const res = await scrape(runtime, { token: METRICS_TOKEN });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`scrape answered ${res.status}: ${text}`);
  return parseFamilies(text);
}

/** A scrape's text, with the parser's two views of it (see {@link scrapeFamilies}). */
export interface Parsed {
  text: string;
  families: Map<string, Family>;
  series: Map<string, Family>;
}

/** `GET http://127.0.0.1:<port>/metrics` over TCP (a collector's listener), with `token`; parsed, or an error unless 200. */
export async function scrapePort(port: number, token = METRICS_TOKEN): Promise<Parsed> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`scrape of port ${port} answered ${res.status}: ${text}`);
  return parseFamilies(text);
}

/** Parses an exposition with the text-format parser, as {@link scrapeFamilies} describes. */
export function parseFamilies(text: string): Parsed {
  // Without a type, each label set's `_bucket`, `_sum` and `_count` lines come out as families of their own: joined here.
  const byName = (list: Family[]) => {
    const out = new Map<string, Family>();
    for (const f of list) {
      const seen = out.get(f.name);
      if (seen) seen.metrics.push(...f.metrics);
      else out.set(f.name, { ...f, metrics: [...f.metrics] });
    }
    return out;
  };
  const families = byName(parsePrometheusTextFormat(text) as Family[]);
  const series = byName(parsePrometheusTextFormat(text.replace(/^# TYPE (\S+) histogram$/gm, '# TYPE $1 untyped')) as Family[]);
  return { text, families, series };
}

/** The samples of `name` whose labels include `labels`. */
export function samples(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): Sample[] {
  const family = families.get(name);
  if (!family) return [];
  return family.metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
}

/** The value of the one sample of `name` with `labels`; undefined when there is none, an error when there are several. */
export function value(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples(families, name, labels);
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value === undefined ? undefined : Number(found[0].value);
}
