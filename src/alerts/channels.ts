/**
 * Channel kinds: what each needs (settings and secrets, validated with zod), quiet hours, and how
 * one message is sent. A sender throws {@link DeliveryError} with words safe to show and store:
 * never a token, a password or a URL that holds one.
 */
import { createHmac } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { z } from 'zod';
import type { ChannelKind } from '@/store/alerts';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');

/** During quiet hours only critical messages are sent; the rest are recorded as suppressed. */
export const QuietHoursSchema = z.object({
  start: HHMM,
  end: HHMM,
  /** IANA time zone, e.g. `Africa/Lagos`. Default: the server's. */
  timeZone: z.string().min(1).max(64).optional(),
});
export type QuietHours = z.infer<typeof QuietHoursSchema>;

const common = { quietHours: QuietHoursSchema.nullable().optional() };

export const ChannelConfigSchemas = {
  telegram: z.object({
    chatId: z.string().trim().min(1).max(64),
    /** Default `https://api.telegram.org`; tests point it at a loopback fake. */
    apiBase: z.url().optional(),
    ...common,
  }),
  email: z.object({
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535).default(587),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    user: z.string().max(255).optional(),
    from: z.string().trim().min(3).max(255),
    to: z.array(z.string().trim().min(3).max(255)).min(1).max(20),
    ...common,
  }),
  webhook: z.object({ url: z.url(), ...common }),
} as const;

export const ChannelSecretSchemas = {
  telegram: z.object({ botToken: z.string().trim().min(5).max(200) }),
  email: z.object({ password: z.string().max(500).optional() }),
  webhook: z.object({ secret: z.string().min(8).max(500) }),
} as const;

export type ChannelConfig = z.infer<(typeof ChannelConfigSchemas)[ChannelKind]>;
export type ChannelSecret = { botToken?: string; password?: string; secret?: string };

/** A channel ready to send: settings and opened secrets. Lives only in memory, only while sending. */
export interface SendableChannel {
  id: number;
  name: string;
  kind: ChannelKind;
  config: Record<string, unknown>;
  secret: ChannelSecret;
}

/** One message as a channel sends it. */
export interface OutgoingMessage {
  text: string;
  subject: string;
  payload: unknown;
}

export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

/** Minutes since local midnight in `timeZone`. */
function minuteOfDay(at: number, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** Whether `at` falls in the quiet hours (which may wrap midnight: 22:00–07:00). */
export function inQuietHours(q: QuietHours | null | undefined, at: number): boolean {
  if (!q) return false;
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
  const [start, end, now] = [toMin(q.start), toMin(q.end), minuteOfDay(at, q.timeZone)];
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** `sha256=<hex>` of the body, the value of `X-Phsweb-Signature`. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number, what: string): Promise<Response> {
  try {
    return await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (err) {
    const cause = (err as Error & { cause?: { code?: string } }).cause?.code;
    throw new DeliveryError(`${what} unreachable (${(err as Error).name === 'TimeoutError' ? 'timed out' : (cause ?? 'network error')})`);
  }
}

type Sender = (c: SendableChannel, m: OutgoingMessage, timeoutMs: number) => Promise<void>;

const SENDERS: Record<ChannelKind, Sender> = {
  // POST {apiBase}/bot<token>/sendMessage {"chat_id", "text"}; answers {"ok":true,...} or {"ok":false,"description"}.
  async telegram(c, m, timeoutMs) {
    const config = c.config as z.infer<typeof ChannelConfigSchemas.telegram>;
    if (!c.secret.botToken) throw new DeliveryError('no bot token set');
    const base = (config.apiBase ?? 'https://api.telegram.org').replace(/\/+$/, '');
    const res = await post(`${base}/bot${c.secret.botToken}/sendMessage`, JSON.stringify({ chat_id: config.chatId, text: m.text, disable_web_page_preview: true }), {}, timeoutMs, 'Telegram');
    const answer = (await res.json().catch(() => ({}))) as { ok?: boolean; description?: string };
    if (!res.ok || answer.ok !== true) throw new DeliveryError(`Telegram refused (${res.status}${answer.description ? `: ${answer.description.slice(0, 200)}` : ''})`);
  },
  async webhook(c, m, timeoutMs) {
    const config = c.config as z.infer<typeof ChannelConfigSchemas.webhook>;
    const body = JSON.stringify(m.payload);
    const res = await post(config.url, body, c.secret.secret ? { 'x-phsweb-signature': signBody(body, c.secret.secret) } : {}, timeoutMs, 'webhook');
    await res.body?.cancel();
    if (!res.ok) throw new DeliveryError(`webhook answered ${res.status}`);
  },
  async email(c, m, timeoutMs) {
    const config = c.config as z.infer<typeof ChannelConfigSchemas.email>;
    const transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      auth: config.user ? { user: config.user, pass: c.secret.password ?? '' } : undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    try {
      await transport.sendMail({ from: config.from, to: config.to, subject: m.subject, text: m.text });
    } catch (err) {
      const e = err as { code?: string; responseCode?: number };
      throw new DeliveryError(`SMTP failed (${e.responseCode ?? e.code ?? 'error'})`);
    } finally {
      transport.close();
    }
  },
};

/** Sends one message; throws {@link DeliveryError}. */
export function send(c: SendableChannel, m: OutgoingMessage, timeoutMs = 10_000): Promise<void> {
  return SENDERS[c.kind](c, m, timeoutMs);
}
