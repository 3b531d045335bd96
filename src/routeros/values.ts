/**
 * RouterOS value formats, converted once at the edge so everything above works with numbers,
 * booleans and seconds. Parsers are lenient about what real routers send and never throw on a
 * value they do not know: they return `undefined` and the caller decides.
 */

const UNIT_SECONDS: Record<string, number> = {
  w: 604800,
  d: 86400,
  h: 3600,
  m: 60,
  s: 1,
  ms: 1e-3,
  us: 1e-6,
  ns: 1e-9,
};

/**
 * Parses a RouterOS duration to seconds: `1w2d3h4m5s`, `12m`, `0s`, `453us`, `150ms`,
 * `1h5m3s120ms`, and the old clock form `01:22:53` (also `2d01:22:53`). Returns `undefined` for
 * text that is not a duration (never throws).
 */
export function parseDuration(text: string | undefined | null): number | undefined {
  if (text === undefined || text === null) return undefined;
  const s = text.trim();
  if (s === '') return undefined;
  // Old forms: `hh:mm:ss`, optionally preceded by compact parts such as `2d` or `1w2d`.
  const clock = /^((?:\d+[wd])*)(\d+):(\d{1,2}):(\d{1,2})(?:\.(\d+))?$/.exec(s);
  if (clock) {
    const prefix = clock[1] ? parseDuration(clock[1]) : 0;
    if (prefix === undefined) return undefined;
    const frac = clock[5] ? Number(`0.${clock[5]}`) : 0;
    return prefix + Number(clock[2]) * 3600 + Number(clock[3]) * 60 + Number(clock[4]) + frac;
  }
  const re = /(\d+(?:\.\d+)?)(ms|us|ns|w|d|h|m|s)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
    matched = re.lastIndex;
  }
  if (matched !== s.length || matched === 0) {
    // A bare number is seconds (some menus and REST print it so).
    return /^\d+(?:\.\d+)?$/.test(s) ? Number(s) : undefined;
  }
  // Round away float noise from the sub-second units.
  return Math.round(total * 1e9) / 1e9;
}

/**
 * Formats seconds as RouterOS prints durations: `1w2d3h4m5s`, zero parts dropped, `0s` for zero,
 * and sub-second remainders as `ms`/`us`.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`not a duration: ${seconds}`);
  let rest = Math.round(seconds * 1e6); // whole microseconds
  const out: string[] = [];
  const units: [string, number][] = [
    ['w', 604800e6],
    ['d', 86400e6],
    ['h', 3600e6],
    ['m', 60e6],
    ['s', 1e6],
    ['ms', 1e3],
    ['us', 1],
  ];
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out.push(`${n}${unit}`);
      rest -= n * size;
    }
  }
  return out.length ? out.join('') : '0s';
}

/** `true`/`yes` → true, `false`/`no` → false, anything else → `undefined`. */
export function parseBoolean(text: string | undefined | null): boolean | undefined {
  switch (text?.trim().toLowerCase()) {
    case 'true':
    case 'yes':
      return true;
    case 'false':
    case 'no':
      return false;
    default:
      return undefined;
  }
}

/**
 * A counter or other whole number (`bytes-in`, `free-memory`, `cpu-load`). Counters exceed 2^32
 * but stay far below 2^53, so a JS number is exact. Returns `undefined` for non-numbers.
 */
export function parseNumber(text: string | undefined | null): number | undefined {
  if (text === undefined || text === null) return undefined;
  const s = text.trim();
  if (!/^-?\d+(?:\.\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A router date-time as wall-clock parts: `jun/26/2023 00:32:53` (before 7.10) or
 * `2023-06-26 00:32:53` (7.10+). Routers print local time without a zone, so the result is
 * interpreted in the given UTC offset (minutes, default 0). Returns epoch milliseconds.
 */
export function parseRouterDate(text: string | undefined | null, utcOffsetMinutes = 0): number | undefined {
  if (!text) return undefined;
  const s = text.trim();
  let y: number, mo: number, d: number, rest: string | undefined;
  let m = /^([a-z]{3})\/(\d{1,2})\/(\d{4})(?:\s+(.*))?$/i.exec(s);
  if (m) {
    mo = MONTHS.indexOf(m[1]!.toLowerCase());
    if (mo < 0) return undefined;
    d = Number(m[2]);
    y = Number(m[3]);
    rest = m[4];
  } else {
    m = /^(\d{4})-(\d{2})-(\d{2})(?:\s+(.*))?$/.exec(s);
    if (!m) return undefined;
    y = Number(m[1]);
    mo = Number(m[2]) - 1;
    d = Number(m[3]);
    rest = m[4];
  }
  let hh = 0, mm = 0, ss = 0;
  if (rest) {
    const t = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(rest);
    if (!t) return undefined;
    hh = Number(t[1]);
    mm = Number(t[2]);
    ss = Number(t[3]);
  }
  return Date.UTC(y, mo, d, hh, mm, ss) - utcOffsetMinutes * 60_000;
}

/** RouterOS item ids: `*` and uppercase hex, unpadded (`*1`, `*1A`). */
export function isRouterId(text: string): boolean {
  return /^\*[0-9A-Fa-f]+$/.test(text);
}
