/**
 * Loopback fakes of the peers alerts are delivered to: the Telegram Bot API, an SMTP server and a
 * webhook receiver that checks the HMAC signature. Each records what it accepted.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  at: number;
  text: string;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

export interface FakeTelegram {
  apiBase: string;
  token: string;
  messages: Received[];
  /** Answer the next `n` calls with 502 (a failing channel). */
  failNext(n: number): void;
  /** Calls refused because the token was wrong or the fake was failing. */
  refused: number;
  close(): Promise<void>;
}

/** `POST /bot<token>/sendMessage` with `{chat_id, text}`, as the Bot API. */
export async function fakeTelegram(token = '123456:TEST-token', chatId = '-1001'): Promise<FakeTelegram> {
  let fail = 0;
  const fake = { messages: [] as Received[], refused: 0 } as FakeTelegram;
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    res.setHeader('content-type', 'application/json');
    if (req.method !== 'POST' || req.url !== `/bot${token}/sendMessage`) {
      fake.refused++;
      res.statusCode = 401;
      res.end(JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }));
      return;
    }
    if (fail > 0) {
      fail--;
      fake.refused++;
      res.statusCode = 502;
      res.end(JSON.stringify({ ok: false, description: 'Bad Gateway' }));
      return;
    }
    const m = JSON.parse(body) as { chat_id: string; text: string };
    if (m.chat_id !== chatId) {
      res.statusCode = 400;
      res.end(JSON.stringify({ ok: false, description: 'Bad Request: chat not found' }));
      return;
    }
    fake.messages.push({ at: Date.now(), text: m.text });
    res.end(JSON.stringify({ ok: true, result: { message_id: fake.messages.length } }));
  });
  const port = await listen(server);
  return Object.assign(fake, {
    apiBase: `http://127.0.0.1:${port}`,
    token,
    failNext: (n: number) => {
      fail = n;
    },
    close: () => closeServer(server),
  });
}

export interface FakeWebhook {
  url: string;
  /** Deliveries whose signature verified. */
  messages: Array<Received & { body: Record<string, unknown> }>;
  /** Deliveries with a missing or wrong signature. */
  badSignatures: number;
  close(): Promise<void>;
}

export async function fakeWebhook(secret: string): Promise<FakeWebhook> {
  const fake = { messages: [], badSignatures: 0 } as unknown as FakeWebhook;
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    const got = Buffer.from(String(req.headers['x-phsweb-signature'] ?? ''));
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
      fake.badSignatures++;
      res.statusCode = 401;
      res.end();
      return;
    }
    const parsed = JSON.parse(body) as Record<string, unknown>;
    fake.messages.push({ at: Date.now(), text: String(parsed.text), body: parsed });
    res.statusCode = 204;
    res.end();
  });
  const port = await listen(server);
  return Object.assign(fake, { url: `http://127.0.0.1:${port}/hook`, close: () => closeServer(server) });
}

export interface FakeSmtp {
  port: number;
  messages: Array<Received & { raw: string; from: string; to: string[]; user: string | undefined }>;
  close(): Promise<void>;
}

/** Undoes quoted-printable soft line breaks and escapes, enough to search a message's text. */
export function decodeQuotedPrintable(s: string): string {
  return Buffer.from(s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
}

/** An SMTP server on loopback, plain text (no STARTTLS), accepting `user`/`pass` when given. */
export async function fakeSmtp(auth?: { user: string; pass: string }): Promise<FakeSmtp> {
  const fake = { messages: [] } as unknown as FakeSmtp;
  const server = new SMTPServer({
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !auth,
    logger: false,
    onAuth(a, _session, cb) {
      if (auth && a.username === auth.user && a.password === auth.pass) cb(null, { user: a.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const body = raw.split(/\r?\n\r?\n/).slice(1).join('\n\n');
        fake.messages.push({
          at: Date.now(),
          raw,
          text: decodeQuotedPrintable(body),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(fake, { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}
