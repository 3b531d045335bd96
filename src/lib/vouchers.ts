/**
 * Vouchers as the server and the browser both see them: the states, the code alphabet, how a code
 * is drawn, limits in words and the login URL of a printed card. Pure: the random source is passed
 * in (the server passes `crypto.randomInt`), so everything here is testable without a router.
 */

/** Where a voucher is in its life. `in-use` means first used and not finished (online or not). */
export const VOUCHER_STATES = ['unused', 'in-use', 'used-up', 'expired'] as const;
export type VoucherState = (typeof VOUCHER_STATES)[number];

/** States after which the voucher's user is removed from every router and its session kicked. */
export const FINISHED_STATES: readonly VoucherState[] = ['used-up', 'expired'];

/** When the validity clock starts: at the first login, or when the batch was generated. */
export const VALIDITY_FROM = ['first-use', 'creation'] as const;
export type ValidityFrom = (typeof VALIDITY_FROM)[number];

/**
 * Digits and capitals a person reading a printed card cannot confuse: Crockford's base 32 without
 * 0 and 1 (so no 0/O, 1/I/L; O, I, L and U are not in it) and without Q (reads as O on small
 * print). No lower case at all: phones capitalise the first letter typed on a captive portal.
 * 29 characters, about 4.9 bits each.
 */
export const VOUCHER_ALPHABET = '23456789ABCDEFGHJKMNPRSTVWXYZ';
/** Shortest and longest code part after the prefix. */
export const CODE_LENGTH = { min: 4, max: 16 } as const;
/** A prefix may use the same safe alphabet (it is typed on the login page too), at most 6. */
export const PREFIX_MAX = 6;

/** `randomInt(n)` gives an integer in [0, n): `crypto.randomInt` on the server. */
export type RandomInt = (n: number) => number;

/** One code: the prefix, then `length` characters drawn uniformly from {@link VOUCHER_ALPHABET}. */
export function drawCode(prefix: string, length: number, randomInt: RandomInt): string {
  let s = prefix;
  for (let i = 0; i < length; i++) s += VOUCHER_ALPHABET[randomInt(VOUCHER_ALPHABET.length)];
  return s;
}

/** Whether every character of `text` is in the voucher alphabet (a prefix, or a code typed in). */
export function isVoucherText(text: string): boolean {
  for (const c of text) if (!VOUCHER_ALPHABET.includes(c)) return false;
  return true;
}

/**
 * How many distinct codes a batch shape allows; generation refuses a batch that would fill more
 * than a tenth of it, so the retry on a clash stays short.
 */
export function codeSpace(length: number): number {
  return VOUCHER_ALPHABET.length ** length;
}

/** A batch's limits as the card prints them and the router gets them. */
export interface VoucherLimits {
  /** RouterOS `limit-uptime`, in seconds; null: none. */
  limitUptimeSeconds: number | null;
  /** RouterOS `limit-bytes-total`; null: none. */
  limitBytesTotal: number | null;
  /** How long the voucher is valid; null: until used up. */
  validitySeconds: number | null;
  validityFrom: ValidityFrom;
}

/** `5400` → `1 hour 30 minutes`; `86400` → `1 day`. */
export function durationWords(seconds: number): string {
  const parts: string[] = [];
  const units: Array<[number, string]> = [
    [604_800, 'week'],
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  let left = Math.max(0, Math.round(seconds));
  for (const [size, name] of units) {
    const n = Math.floor(left / size);
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
    left -= n * size;
    if (parts.length === 2) break;
  }
  return parts.length ? parts.join(' ') : '0 seconds';
}

/** `1_500_000_000` → `1.5 GB` (decimal units, as data plans are sold). */
export function bytesWords(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  const n = i === 0 ? String(v) : String(Number(v.toFixed(v < 10 ? 2 : 1)));
  return `${n} ${units[i]}`;
}

/** The card's lines about what the voucher buys: `3 hours online`, `1 GB of data`, `valid 7 days from first login`. */
export function limitsInWords(l: VoucherLimits): string[] {
  const out: string[] = [];
  if (l.limitUptimeSeconds !== null) out.push(`${durationWords(l.limitUptimeSeconds)} online`);
  if (l.limitBytesTotal !== null) out.push(`${bytesWords(l.limitBytesTotal)} of data`);
  if (out.length === 0) out.push('Unlimited time and data');
  if (l.validitySeconds !== null) out.push(`Valid ${durationWords(l.validitySeconds)} from ${l.validityFrom === 'first-use' ? 'first login' : 'purchase'}`);
  return out;
}

/** When a voucher expires, from its limits and its timestamps; null: not (yet) bounded in time. */
export function expiresAt(l: Pick<VoucherLimits, 'validitySeconds' | 'validityFrom'>, createdAt: number, firstUsedAt: number | null): number | null {
  if (l.validitySeconds === null) return null;
  const start = l.validityFrom === 'creation' ? createdAt : firstUsedAt;
  return start === null ? null : start + l.validitySeconds * 1000;
}

/** The default login URL of a printed card: the hotspot's own login page with the code filled in. */
export const DEFAULT_LOGIN_URL = 'http://10.5.50.1/login?username={code}&password={code}';

/**
 * Fills a login URL template: `{code}` becomes the URL-encoded code. A template without `{code}`
 * is refused when it is saved (see the brand schema), so every card logs in its own voucher.
 */
export function loginUrl(template: string, code: string): string {
  return template.split('{code}').join(encodeURIComponent(code));
}

/** A brand's look on a printed card. */
export interface VoucherBrand {
  id: number;
  name: string;
  /** `#rrggbb`: the card's border and heading. */
  colour: string;
  /** Big text at the top of each card, e.g. `PHSWEB WiFi`. */
  logoText: string;
  /** Template with `{code}`; see {@link loginUrl}. */
  loginUrl: string;
  /** Small print at the foot of each card, e.g. a support number. */
  footer: string;
}

/** A batch as the API returns it. */
export interface VoucherBatchView extends VoucherLimits {
  id: number;
  name: string;
  prefix: string;
  codeLength: number;
  count: number;
  profile: string;
  /** Price of one voucher in the smallest currency unit's decimal form, e.g. `500` or `2.50`. */
  price: number;
  currency: string;
  locations: string[];
  brandId: number | null;
  createdAt: number;
  createdBy: string;
  /** Vouchers per state, over the batch. */
  states: Record<VoucherState, number>;
  /** Router operations still waiting (offline routers), over the batch. */
  pendingOps: number;
}

/** One voucher as the API returns it. */
export interface VoucherView {
  code: string;
  batchId: number;
  state: VoucherState;
  createdAt: number;
  firstUsedAt: number | null;
  /** Where it was first used. */
  firstLocation: string | null;
  /** Online now: where and since when (null when not logged in anywhere). */
  onlineLocation: string | null;
  onlineSince: number | null;
  lastSeenAt: number | null;
  expiresAt: number | null;
  /** When it became used-up or expired. */
  finishedAt: number | null;
  /** Uptime and bytes used so far over every location, from session history. */
  usedSeconds: number;
  usedBytes: number;
}

/** One card of a print sheet. */
export interface PrintCard {
  code: string;
  /** What the voucher buys, a line each ({@link limitsInWords}). */
  lines: string[];
  price: string;
  loginUrl: string;
  /** The QR code of {@link PrintCard.loginUrl}: an `<svg>` element rendered on the server. */
  qrSvg: string;
}

/** A print sheet: the brand's look and one card per voucher. */
export interface PrintSheet {
  brand: VoucherBrand;
  title: string;
  cards: PrintCard[];
}
