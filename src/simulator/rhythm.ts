/**
 * The daily rhythm of a hotspot: how busy it is, relative to its evening peak, at each local hour.
 * Quiet between 2 and 5 am, a morning rise, a steady day, a peak at 8-10 pm.
 */

/** Relative load at the start of each local hour, 0..1 (index = hour). */
const HOURLY = [
  0.35, 0.22, 0.12, 0.08, 0.07, 0.1, // 00-05
  0.2, 0.35, 0.45, 0.5, 0.52, 0.55, // 06-11
  0.6, 0.6, 0.58, 0.6, 0.65, 0.75, // 12-17
  0.85, 0.95, 1.0, 1.0, 0.85, 0.6, // 18-23
];

/** Relative busyness (0..1) at a fractional local hour, linearly interpolated between hours. */
export function busyness(hour: number): number {
  const h = ((hour % 24) + 24) % 24;
  const i = Math.floor(h);
  const a = HOURLY[i]!;
  const b = HOURLY[(i + 1) % 24]!;
  return a + (b - a) * (h - i);
}

/** The local hour (fractional) of an epoch-ms instant, in the process's time zone. */
export function localHour(epochMs: number): number {
  const d = new Date(epochMs);
  return d.getHours() + d.getMinutes() / 60 + d.getSeconds() / 3600;
}
