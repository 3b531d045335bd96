'use client';
import { useEffect, useRef, useState } from 'react';
import { formatBitRate, formatBytes, formatCount, formatPercent } from '@/lib/format';

const FORMATS = { count: formatCount, bytes: formatBytes, bps: formatBitRate, percent: formatPercent } as const;

/**
 * A number that glides to its new value (400 ms, ease-out) instead of jumping, so a change is
 * seen. Respects reduced motion. `format` names one of the formatters in lib/format.
 */
export function AnimatedNumber({ value, format = 'count', className, testId }: { value: number | null; format?: keyof typeof FORMATS; className?: string; testId?: string }) {
  const [shown, setShown] = useState(value);
  const from = useRef(value);
  useEffect(() => {
    if (value === null || from.current === null || from.current === value || matchMedia('(prefers-reduced-motion: reduce)').matches) {
      from.current = value;
      setShown(value);
      return;
    }
    const start = performance.now();
    const a = from.current;
    const b = value;
    let frame = requestAnimationFrame(function step(t) {
      const p = Math.min(1, (t - start) / 400);
      const eased = 1 - (1 - p) ** 3;
      const v = a + (b - a) * eased;
      from.current = v;
      setShown(p < 1 ? v : b);
      if (p < 1) frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [value]);
  return (
    <span className={className} data-testid={testId} data-value={value ?? ''}>
      {FORMATS[format](shown)}
    </span>
  );
}
