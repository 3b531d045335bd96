import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@/config';
import type { LogLevel } from '@/log';
import { startMetricsListener, type MetricsListener } from './listener';

const TOKEN = 'listener-unit-token-5Jq8Wz2Rk';
const TEXT = '# HELP up_test A test.\n# TYPE up_test gauge\nup_test 1\n';
const open: MetricsListener[] = [];
const logged: Array<{ level: LogLevel; message: string; fields?: Record<string, unknown> }> = [];

async function listen(env: Record<string, string>, text: () => Promise<string> = async () => TEXT): Promise<MetricsListener> {
  const l = await startMetricsListener({ settings: loadConfig(env).metrics, host: '127.0.0.1', port: 0, text, log: (level, message, fields) => logged.push({ level, message, fields }) });
  open.push(l);
  return l;
}

/** One request over real TCP, as Prometheus would send it. */
function ask(l: MetricsListener, o: { path?: string; method?: string; token?: string } = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: l.port, path: o.path ?? '/metrics', method: o.method ?? 'GET', headers: o.token === undefined ? {} : { authorization: `Bearer ${o.token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject).end();
  });
}

const error = (r: { body: string }) => (JSON.parse(r.body) as { error: string }).error;

afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
  logged.length = 0;
});

describe('the metrics listener', () => {
  it('answers 404 while metrics are off, naming the variables', async () => {
    const l = await listen({});
    const r = await ask(l, { token: TOKEN });
    expect(r.status).toBe(404);
    expect(error(r)).toBe('not-found');
    expect(r.body).toContain('HOTSPOT_METRICS_TOKEN');
  });

  it('serves GET and HEAD /metrics with the token, 401 without it, and never repeats a token', async () => {
    const l = await listen({ HOTSPOT_METRICS_TOKEN: TOKEN });
    expect(await ask(l, { token: TOKEN })).toMatchObject({ status: 200, type: expect.stringContaining('text/plain; version=0.0.4'), body: TEXT });
    expect(await ask(l, { token: TOKEN, method: 'HEAD' })).toMatchObject({ status: 200, body: '' });
    for (const token of [undefined, '', 'wrong-token-wrong-token', TOKEN.slice(1)]) {
      const r = await ask(l, { token });
      expect(r.status, String(token)).toBe(401);
      expect(error(r)).toBe('unauthenticated');
      expect(r.body).not.toContain(TOKEN);
    }
    expect(JSON.stringify(logged)).not.toContain(TOKEN);
  });

  it('answers 403 to an address outside the allow-list, before looking at the token', async () => {
    const l = await listen({ HOTSPOT_METRICS_TOKEN: TOKEN, HOTSPOT_METRICS_ALLOW: '10.9.0.0/16' });
    for (const token of [TOKEN, 'wrong-token-wrong-token']) expect(error(await ask(l, { token }))).toBe('forbidden');
    const allowed = await listen({ HOTSPOT_METRICS_ALLOW: '127.0.0.0/8' });
    expect((await ask(allowed)).status).toBe(200);
  });

  it('serves nothing else: other paths and methods are 404', async () => {
    const l = await listen({ HOTSPOT_METRICS_TOKEN: TOKEN });
    for (const [method, path] of [['GET', '/'], ['GET', '/metrics/'], ['GET', '/api/metrics'], ['POST', '/metrics'], ['DELETE', '/metrics'], ['GET', '/../metrics']] as const) {
      const r = await ask(l, { method, path, token: TOKEN });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect((await ask(l, { path: '/metrics?x=1', token: TOKEN })).status).toBe(200);
  });

  it('answers 503, never 500, when the metrics cannot be read', async () => {
    const l = await listen({ HOTSPOT_METRICS_TOKEN: TOKEN }, () => Promise.reject(new Error('the monitor is gone')));
    const r = await ask(l, { token: TOKEN });
    expect(r.status).toBe(503);
    expect(error(r)).toBe('unavailable');
    expect(r.body).not.toContain('the monitor is gone');
    expect(logged).toEqual([expect.objectContaining({ level: 'warn', message: 'a /metrics scrape failed' })]);
  });

  it('refuses to start on a port in use', async () => {
    const l = await listen({ HOTSPOT_METRICS_TOKEN: TOKEN });
    await expect(startMetricsListener({ settings: loadConfig({ HOTSPOT_METRICS_TOKEN: TOKEN }).metrics, host: '127.0.0.1', port: l.port, text: async () => TEXT })).rejects.toThrow(/EADDRINUSE/);
  });
});
