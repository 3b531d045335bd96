import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPino, toLogger } from '.';

function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'debug') {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { log: toLogger(createPino(level, sink)), lines };
}

describe('the process logger', () => {
  it('writes one JSON line with the level by name, the time and the fields', () => {
    const { log, lines } = capture();
    log('info', 'status changed', { location: 'awka', to: 'online' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'status changed', location: 'awka', to: 'online' });
    expect(String(lines[0]!.time)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('drops lines below its level', () => {
    const { log, lines } = capture('warn');
    log('info', 'quiet');
    log('debug', 'quieter');
    log('error', 'loud');
    expect(lines.map((l) => l.msg)).toEqual(['loud']);
  });

  it('redacts secret-named fields, at the top and one object down, whatever the caller passed', () => {
    const { log, lines } = capture();
    log('warn', 'oops', { password: 'hunter2-secret', router: { host: 'x', password: 'nested-secret' }, token: 'phs_abc', user: 'api' });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain('nested-secret');
    expect(text).not.toContain('phs_abc');
    expect(lines[0]).toMatchObject({ password: '[redacted]', token: '[redacted]', user: 'api', router: { host: 'x', password: '[redacted]' } });
  });

  it('logs an Error with its stack and its cause', () => {
    const { log, lines } = capture();
    const cause = new Error('disk full');
    log('error', 'history write failed', { error: new Error('insert failed', { cause }), location: 'awka' });
    const err = lines[0]!.err as { message: string; stack: string; cause?: { message: string } };
    expect(err.message).toContain('insert failed');
    expect(err.stack).toContain('log.test.ts');
    expect(JSON.stringify(err)).toContain('disk full');
    expect(lines[0]!.error).toBeUndefined();
  });
});
