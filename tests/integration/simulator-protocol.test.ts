/**
 * Wire-level behaviour per personality, checked with a bare socket and our codec: login forms,
 * tag position, `!empty`, `/cancel`, `/quit`, one write per sentence.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { challengeResponse, LoginError, RouterOSClient } from '@/routeros';
import { startRouter, type Personality, type SimRouter } from '@/simulator';
import { clientFor, count, frozenClock, raw, type RawSession } from './simulator-helpers';

const clock = frozenClock();
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
});

async function router(personality: Personality, extra: { users?: number; initialActive?: number } = {}): Promise<SimRouter> {
  const r = await startRouter({ id: `r${personality.replace('.', '')}`, personality, clock, tickMs: 0, users: extra.users ?? 20, ...extra });
  open.push(r);
  return r;
}
async function session(r: SimRouter, login = true): Promise<RawSession> {
  const s = await raw(r.port);
  open.push(s);
  if (login) {
    s.send('/login', `=name=${r.user}`, `=password=${r.password}`);
    await s.until((x) => count(x, '!done') === 1);
    s.sentences.length = 0;
  }
  return s;
}

describe('login', () => {
  it.each(['6.49', '7.17', '7.19'] as const)('%s: plain login → !done without ret; bad password → trap (6) + !done, socket kept', async (p) => {
    const r = await router(p);
    const s = await session(r, false);
    s.send('/login', '=name=admin', '=password=wrong', '.tag=a');
    await s.until((x) => count(x, '!done') === 1);
    expect(s.sentences[0]![0]).toBe('!trap');
    expect(s.sentences[0]).toContain('=message=invalid user name or password (6)');
    s.send('/login', '=name=admin', `=password=${r.password}`);
    await s.until((x) => count(x, '!done') === 2);
    expect(s.sentences[2]).toEqual(['!done']);
  });

  it('6.42: challenge login (/login → =ret=, then =response=00md5), failure is "cannot log in"', async () => {
    const r = await router('6.42');
    const s = await session(r, false);
    s.send('/login', '=name=admin', `=password=${r.password}`);
    await s.until((x) => count(x, '!done') === 1);
    const ret = s.sentences[0]!.find((w) => w.startsWith('=ret='))!.slice(5);
    expect(ret).toMatch(/^[0-9a-f]{32}$/);
    s.send('/login', '=name=admin', '=response=00' + '0'.repeat(32));
    await s.until((x) => count(x, '!done') === 2);
    expect(s.sentences[1]).toEqual(['!trap', '=message=cannot log in']);
    s.send('/login');
    await s.until((x) => count(x, '!done') === 3);
    const ret2 = s.sentences[3]!.find((w) => w.startsWith('=ret='))!.slice(5);
    const md5 = createHash('md5').update(Buffer.concat([Buffer.from([0]), Buffer.from(r.password), Buffer.from(ret2, 'hex')])).digest('hex');
    expect(challengeResponse(r.password, ret2)).toBe('00' + md5);
    s.send('/login', '=name=admin', `=response=00${md5}`);
    await s.until((x) => count(x, '!done') === 4);
    expect(s.sentences[4]).toEqual(['!done']);
  });

  it('6.42 through our client: falls back to the challenge', async () => {
    const r = await router('6.42');
    const c = await clientFor(r);
    open.push(c);
    expect(c.loginMethod).toBe('challenge');
    const { rows } = await c.command('/system/resource/print');
    expect(rows[0]!.version).toBe('6.42.12 (long-term)');
    expect(rows[0]!['build-time']).toMatch(/^[a-z]{3}\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
    await expect(clientFor(r, { password: 'nope' })).rejects.toBeInstanceOf(LoginError);
  });

  it('commands before login are refused', async () => {
    const r = await router('7.17');
    const s = await session(r, false);
    s.send('/system/identity/print');
    await s.until((x) => count(x, '!done') === 1);
    expect(s.sentences[0]).toEqual(['!trap', '=message=not logged in']);
  });
});

describe('tags and replies', () => {
  it('7.x puts .tag right after the reply word, 6.x last', async () => {
    for (const [p, first] of [['7.17', true], ['6.49', false]] as const) {
      const r = await router(p);
      const s = await session(r);
      s.send('/system/identity/print', '.tag=42');
      await s.until((x) => count(x, '!done') === 1);
      const [re, done] = s.sentences;
      if (first) {
        expect(re).toEqual(['!re', '.tag=42', `=name=${r.name}`]);
        expect(done).toEqual(['!done', '.tag=42']);
      } else {
        expect(re).toEqual(['!re', `=name=${r.name}`, '.tag=42']);
        expect(done).toEqual(['!done', '.tag=42']);
      }
    }
  });

  it('7.19 answers an empty print with !empty then !done; 7.17 with !done alone', async () => {
    for (const [p, expected] of [
      ['7.19', [['!empty', '.tag=e'], ['!done', '.tag=e']]],
      ['7.17', [['!done', '.tag=e']]],
    ] as const) {
      const r = await router(p, { initialActive: 0 });
      const s = await session(r);
      s.send('/ip/hotspot/active/print', '.tag=e');
      await s.until((x) => count(x, '!done') === 1);
      expect(s.sentences).toEqual(expected);
    }
  });

  it('7.19 through our client: an empty print is just no rows', async () => {
    const r = await router('7.19', { initialActive: 0 });
    const c = await clientFor(r);
    open.push(c);
    expect((await c.command('/ip/hotspot/active/print')).rows).toEqual([]);
    expect((await c.command('/ip/hotspot/user/print', {}, { query: ['?name=nobody'] })).rows).toEqual([]);
  });

  it('/cancel =tag=T ends the stream with interrupted trap + !done, then answers the cancel', async () => {
    const r = await router('7.17');
    const s = await session(r);
    s.send('/ip/hotspot/active/listen', '.tag=L');
    s.send('/cancel', '=tag=L', '.tag=C');
    await s.until((x) => x.some((w) => w[0] === '!done' && w.includes('.tag=C')));
    expect(s.sentences).toEqual([
      ['!trap', '.tag=L', '=category=2', '=message=interrupted'],
      ['!done', '.tag=L'],
      ['!done', '.tag=C'],
    ]);
    // the listen is gone: a change produces nothing more
    r.model.connect();
    s.send('/system/identity/print', '.tag=Z');
    await s.until((x) => x.some((w) => w[0] === '!done' && w.includes('.tag=Z')));
    expect(s.sentences.filter((w) => w.includes('.tag=L'))).toHaveLength(2);
  });

  it('/quit → !fatal session terminated on request, then the router closes', async () => {
    const r = await router('7.17');
    const s = await session(r);
    s.send('/quit');
    await s.closed;
    expect(s.sentences).toEqual([['!fatal', 'session terminated on request']]);
  });

  it('writes each reply sentence in one socket write', async () => {
    const r = await router('7.17', { users: 30 });
    const s = await session(r);
    s.chunks.length = 0;
    s.send('/ip/hotspot/active/print', '.tag=1');
    await s.until((x) => count(x, '!done') === 1);
    // Loopback may coalesce writes, never split them: every chunk ends on a sentence boundary.
    for (const chunk of s.chunks) expect(chunk.at(-1)).toBe(0);
  });

  it('our client sees the same rows from every personality', async () => {
    for (const p of ['6.42', '6.49', '7.17', '7.19'] as const) {
      const r = await router(p);
      const c = await RouterOSClient.connect({ host: r.host, port: r.port, user: r.user, password: r.password });
      open.push(c);
      const { rows } = await c.command('/ip/hotspot/active/print', { '.proplist': '.id,user' });
      expect(rows).toEqual(r.model.active().map((a) => ({ '.id': a.id, user: a.user })));
    }
  });
});
