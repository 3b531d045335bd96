/**
 * Places locations on a plain SVG map without tiles or network: longitude and latitude are
 * projected equirectangularly (longitude shrunk by the cosine of the middle latitude, so a
 * country keeps its shape), then scaled to fit the box with a margin.
 */

export interface MapPoint {
  id: string;
  lat: number;
  lon: number;
}

export interface PlacedPoint<T extends MapPoint> {
  point: T;
  x: number;
  y: number;
}

/** Smallest span shown, in degrees, so one location or a tight cluster is not blown up to the edges. */
const MIN_SPAN = 0.5;

/** `points` in SVG coordinates of a `width` × `height` box with `margin` on each side. */
export function projectPoints<T extends MapPoint>(points: readonly T[], width: number, height: number, margin = 24): Array<PlacedPoint<T>> {
  if (!points.length) return [];
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  const xs = lons.map((l) => l * k);
  const ys = lats.map((l) => -l);
  const spanX = Math.max(Math.max(...xs) - Math.min(...xs), MIN_SPAN);
  const spanY = Math.max(Math.max(...ys) - Math.min(...ys), MIN_SPAN);
  const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  return points.map((point, i) => ({ point, x: width / 2 + (xs[i]! - cx) * scale, y: height / 2 + (ys[i]! - cy) * scale }));
}
