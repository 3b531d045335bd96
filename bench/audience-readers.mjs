/**
 * The audience's browsers for `bench:audience`: holds the viewers' event streams open in a process
 * of its own and counts their messages (`event:` lines) and bytes. It stands for a thousand other
 * machines, so `bench/audience.ts` starts it at a lower priority (AUDIENCE_READERS_NICE, default
 * 10) as it does the simulated routers: on one 2-core machine, reading 1,000 streams at nice 0
 * takes a core's worth of turns from the server being measured (each frame's socket write wakes a
 * reader, which then runs ahead of the writer).
 *
 * Talks over IPC: `{ open: [{ url, group }], headers }` opens streams; `{ count: true }` answers
 * `{ groups: { [group]: { streams, connected, messages, bytes } } }`; `{ close: true }` ends it.
 */
import { get } from 'node:http';

const EVENT = Buffer.from('\nevent: ');
/** @type {Map<string, Array<{ messages: number, bytes: number, ok: boolean, req: import('node:http').ClientRequest }>>} */
const groups = new Map();

function view(url, headers, group) {
  const v = { messages: 0, bytes: 0, ok: false, req: undefined };
  v.req = get(url, { agent: false, headers: { ...headers, accept: 'text/event-stream' } }, (res) => {
    v.ok = res.statusCode === 200;
    let tail = Buffer.alloc(0);
    res.on('data', (chunk) => {
      v.bytes += chunk.length;
      // "\nevent: " in the chunk, and once across its boundary with the previous one.
      for (let at = chunk.indexOf(EVENT); at >= 0; at = chunk.indexOf(EVENT, at + EVENT.length)) v.messages++;
      if (tail.length && Buffer.concat([tail, chunk.subarray(0, EVENT.length - 1)]).includes(EVENT)) v.messages++;
      tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - EVENT.length + 1)));
    });
    res.on('error', () => {});
  });
  v.req.on('error', () => {});
  if (!groups.has(group)) groups.set(group, []);
  groups.get(group).push(v);
}

process.on('message', async (m) => {
  if (m.open) {
    // Viewers arrive over a few seconds, as a morning's dashboards would.
    for (let i = 0; i < m.open.length; i++) {
      view(m.open[i].url, m.headers, m.open[i].group);
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, m.spreadMs ?? 0));
    }
    process.send({ opened: m.open.length });
  } else if (m.count) {
    const out = {};
    for (const [g, vs] of groups) out[g] = { streams: vs.length, connected: vs.filter((v) => v.ok).length, messages: vs.reduce((n, v) => n + v.messages, 0), bytes: vs.reduce((n, v) => n + v.bytes, 0) };
    process.send({ groups: out });
  } else if (m.close) {
    for (const vs of groups.values()) for (const v of vs) v.req.destroy();
    process.exit(0);
  }
});
