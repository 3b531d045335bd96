/** A thin usage bar (CPU, memory) that turns amber and red as it fills. */
export function Meter({ value, label }: { value: number | null; label: string }) {
  const v = value === null ? 0 : Math.max(0, Math.min(100, value));
  const tone = v >= 90 ? 'bg-rose-500' : v >= 70 ? 'bg-amber-500' : 'bg-accent';
  return (
    <div role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(v)} aria-valuetext={value === null ? 'No reading' : undefined} className="h-1.5 w-full overflow-hidden rounded-full bg-line">
      <div className={`h-full rounded-full transition-[width] duration-500 ${tone}`} style={{ width: `${v}%` }} />
    </div>
  );
}
