/** A tiny trend line drawn as plain SVG: cheap enough for a hundred cards on one screen. */
export function Sparkline({ points, label, className = '' }: { points: number[]; label: string; className?: string }) {
  const w = 120;
  const h = 32;
  if (points.length < 2) {
    return (
      <svg viewBox={`0 0 ${w} ${h}`} className={className} role="img" aria-label={`${label}: not enough history yet`} preserveAspectRatio="none">
        <line x1="0" y1={h - 2} x2={w} y2={h - 2} stroke="currentColor" strokeOpacity="0.25" strokeDasharray="3 3" />
      </svg>
    );
  }
  const max = Math.max(...points);
  const min = Math.min(...points);
  // Scale to the range seen (with a little headroom), so a busy site's swing of 10 users shows.
  const lo = Math.max(0, min - (max - min) * 0.3 - 1);
  const span = Math.max(1, max - lo);
  const step = w / (points.length - 1);
  const xy = points.map((p, i) => [i * step, h - 2 - ((p - lo) / span) * (h - 6)] as const);
  const line = xy.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
  return (
    <svg viewBox={`0 0 ${w} ${h}`} className={className} role="img" aria-label={`${label}: peak ${Math.round(max)}`} preserveAspectRatio="none">
      <path d={`${line}L${w},${h}L0,${h}Z`} fill="currentColor" fillOpacity="0.12" />
      <path d={line} fill="none" stroke="currentColor" strokeWidth="1.5" vectorEffect="non-scaling-stroke" strokeLinejoin="round" />
    </svg>
  );
}
