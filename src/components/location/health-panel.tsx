import type { LocationSummary } from '@/lib/types';
import { formatBitRate, formatBytes, formatDuration } from '@/lib/format';
import { AnimatedNumber } from '../ui/animated-number';
import { Meter } from '../ui/meter';
import { Panel } from '../ui/panel';
import { RelativeTime } from '../ui/relative-time';
import { isUp } from '../ui/status';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex min-w-0 items-baseline justify-between gap-3 border-b border-line/60 py-1.5 last:border-0">
      <dt className="shrink-0 text-muted">{label}</dt>
      <dd className="min-w-0 truncate text-right font-medium">{children}</dd>
    </div>
  );
}

/** Router health: identity, hardware, load, uptime and how the poll went. */
export function HealthPanel({ location: l }: { location: LocationSummary }) {
  const h = l.health;
  const up = isUp(l.status);
  const mem = h?.memoryUsed != null && h.memoryTotal ? (h.memoryUsed / h.memoryTotal) * 100 : null;
  return (
    <Panel title="Router health" id="health">
      <div className="mb-4 grid grid-cols-2 gap-3">
        <div>
          <div className="flex justify-between text-xs text-muted">
            CPU{h?.cpuCount ? ` (${h.cpuCount} cores)` : ''} <AnimatedNumber value={up ? (h?.cpuLoad ?? null) : null} format="percent" className="font-medium text-ink" />
          </div>
          <div className="mt-1">
            <Meter value={up ? (h?.cpuLoad ?? null) : null} label="CPU load" />
          </div>
        </div>
        <div>
          <div className="flex justify-between text-xs text-muted">
            Memory <span className="font-medium text-ink">{up && mem !== null ? `${Math.round(mem)}%` : '—'}</span>
          </div>
          <div className="mt-1">
            <Meter value={up ? mem : null} label="Memory used" />
          </div>
        </div>
      </div>
      <dl className="text-sm">
        <Row label="Identity">{h?.identity ?? '—'}</Row>
        <Row label="Board">{[h?.boardName, h?.architecture].filter(Boolean).join(' · ') || '—'}</Row>
        <Row label="RouterOS">{h?.version ?? '—'}</Row>
        <Row label="Memory">{h?.memoryTotal ? `${formatBytes(h.memoryUsed)} of ${formatBytes(h.memoryTotal)}` : '—'}</Row>
        <Row label="Uptime">{up ? formatDuration(h?.uptimeSeconds) : '—'}</Row>
        <Row label="Bandwidth">{up && l.bandwidth ? `↓ ${formatBitRate(l.bandwidth.downloadBps)} · ↑ ${formatBitRate(l.bandwidth.uploadBps)}` : '—'}</Row>
        <Row label="API">{`${l.host}:${l.port}${l.tls ? ' (TLS)' : ''}`}</Row>
        <Row label="Poll latency">{l.pollLatencyMs !== null ? `${Math.round(l.pollLatencyMs)} ms` : '—'}</Row>
        <Row label="Last poll">
          <span data-testid="polled-at" data-value={l.polledAt ?? ''}>
            <RelativeTime at={l.polledAt} />
          </span>
        </Row>
        <Row label="Live events">{l.listening ? 'listen stream' : 'polling only'}</Row>
      </dl>
    </Panel>
  );
}
