/**
 * Numbers for humans: bytes, bit rates, durations, relative times. Pure and locale-stable (English,
 * dot as decimal separator) so the server's first paint and the browser agree to the character.
 */

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;
const RATE_UNITS = ['bps', 'kbps', 'Mbps', 'Gbps', 'Tbps'] as const;

/** One decimal below 10, none above: `1.2 GB`, `34 MB`, `512 B`. */
function scaled(value: number, step: number, units: readonly string[]): string {
  if (!Number.isFinite(value)) return '—';
  const sign = value < 0 ? '-' : '';
  let v = Math.abs(value);
  let i = 0;
  while (v >= step && i < units.length - 1) {
    v /= step;
    i++;
  }
  // 999.96 KB would print as "1000 KB": move up a unit instead.
  if (v >= 10 && Math.round(v) >= step && i < units.length - 1) {
    v /= step;
    i++;
  }
  const text = i === 0 ? String(Math.round(v)) : v < 10 ? (Math.round(v * 10) / 10).toFixed(1).replace(/\.0$/, '') : String(Math.round(v));
  return `${sign}${text} ${units[i]}`;
}

/** Bytes with decimal (SI) units as RouterOS and ISPs count them: `1.2 GB`. `null` → `—`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  return scaled(bytes, 1000, BYTE_UNITS);
}

/** Bits per second: `3.4 Mbps`. `null` → `—`. */
export function formatBitRate(bps: number | null | undefined): string {
  if (bps === null || bps === undefined) return '—';
  return scaled(bps, 1000, RATE_UNITS);
}

/** Bytes per second shown as bits per second (sessions report byte rates). */
export function formatByteRate(bytesPerSecond: number | null | undefined): string {
  if (bytesPerSecond === null || bytesPerSecond === undefined) return '—';
  return formatBitRate(bytesPerSecond * 8);
}

/**
 * A duration in its two largest units: `45 s`, `3 m 20 s`, `2 h 5 m`, `3 d 4 h`. Rounds down, so
 * a session never looks older than it is. `null` → `—`.
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  let s = Math.max(0, Math.floor(seconds));
  const parts: Array<[number, string]> = [];
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d) parts.push([d, 'd'], [h, 'h']);
  else if (h) parts.push([h, 'h'], [m, 'm']);
  else if (m) parts.push([m, 'm'], [s, 's']);
  else parts.push([s, 's']);
  return parts
    .filter(([n], i) => i === 0 || n > 0)
    .map(([n, u]) => `${n} ${u}`)
    .join(' ');
}

/**
 * How long ago (or until) `at` is, from `now`: `just now`, `42 s ago`, `5 min ago`, `3 h ago`,
 * `2 d ago`, `in 5 min`. Both epoch ms. `null` → `never`.
 */
export function formatRelative(at: number | null | undefined, now: number): string {
  if (at === null || at === undefined || !Number.isFinite(at)) return 'never';
  const diff = Math.round((now - at) / 1000);
  const abs = Math.abs(diff);
  if (abs < 5) return 'just now';
  let text: string;
  if (abs < 60) text = `${abs} s`;
  else if (abs < 3600) text = `${Math.floor(abs / 60)} min`;
  else if (abs < 86_400) text = `${Math.floor(abs / 3600)} h`;
  else if (abs < 60 * 86_400) text = `${Math.floor(abs / 86_400)} d`;
  else if (abs < 730 * 86_400) text = `${Math.floor(abs / (30 * 86_400))} mo`;
  else text = `${Math.floor(abs / (365 * 86_400))} y`;
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

/** Whole numbers with thousands separators: `12,345`. `null` → `—`. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A percentage without decimals: `97%`. `null` → `—`. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${Math.round(value)}%`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `14:02` in the given UTC offset (minutes east), or the runtime's local time when omitted. */
export function formatClock(at: number, utcOffsetMinutes?: number): string {
  const d = utcOffsetMinutes === undefined ? new Date(at) : new Date(at + utcOffsetMinutes * 60_000);
  return utcOffsetMinutes === undefined ? `${pad(d.getHours())}:${pad(d.getMinutes())}` : `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `2026-11-23 14:02:05` in the runtime's local time: the "real timestamp" behind relative times. */
export function formatTimestamp(at: number | null | undefined): string {
  if (at === null || at === undefined || !Number.isFinite(at)) return '—';
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Parses ISO 8601 text (as the API sends times) to epoch ms; `null` stays `null`. */
export function parseTime(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}
