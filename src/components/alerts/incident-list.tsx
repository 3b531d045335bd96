import Link from 'next/link';
import { ALERT_RULE_LABELS, type DeliveryView, type IncidentView } from '@/lib/alerts';
import { formatDuration } from '@/lib/format';
import { EmptyState } from '../ui/empty-state';
import { RelativeTime } from '../ui/relative-time';
import { AckButton } from './ack-button';

const STATE_TONE: Record<DeliveryView['state'], string> = {
  sent: 'text-emerald-700 dark:text-emerald-300',
  pending: 'text-amber-700 dark:text-amber-300',
  failed: 'text-rose-700 dark:text-rose-300',
  suppressed: 'text-muted',
};

function Deliveries({ list }: { list: DeliveryView[] }) {
  if (!list.length) return <p className="text-xs text-muted">No channel was configured for this rule.</p>;
  return (
    <ul className="mt-2 space-y-0.5 text-xs" aria-label="Deliveries">
      {list.map((d) => (
        <li key={d.id} className="flex flex-wrap gap-x-2">
          <span className="font-medium">{d.channelName}</span>
          <span className="text-muted">{d.kind}</span>
          <span className={STATE_TONE[d.state]}>
            {d.state === 'suppressed' ? 'held back (quiet hours)' : d.state}
            {d.attempts > 1 ? ` after ${d.attempts} attempts` : ''}
          </span>
          {d.lastError && d.state !== 'sent' && <span className="text-rose-700 dark:text-rose-300">{d.lastError}</span>}
        </li>
      ))}
    </ul>
  );
}

/** Incidents as cards: what, where, since when, who acknowledged, and every delivery's result. */
export function IncidentList({ incidents, canAck, empty }: { incidents: IncidentView[]; canAck: boolean; empty: string }) {
  if (!incidents.length) return <EmptyState title={empty} icon="✓" />;
  return (
    <ul className="space-y-3" data-testid="incident-list">
      {incidents.map((i) => {
        const open = i.resolvedAt === null;
        return (
          <li key={i.id} className={`rounded-xl border p-3 ${open ? (i.severity === 'critical' ? 'border-rose-500/50' : 'border-amber-500/50') : 'border-line'}`} data-testid={`incident-${i.id}`}>
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="min-w-0">
                <p className="font-semibold">
                  <span className={i.severity === 'critical' ? 'text-rose-700 dark:text-rose-300' : 'text-amber-700 dark:text-amber-300'}>{ALERT_RULE_LABELS[i.rule]}</span>
                  {i.locations.length > 0 && ': '}
                  {i.locations.map((l, n) => (
                    <span key={l.id}>
                      {n > 0 && ', '}
                      <Link href={`/hotspot/${encodeURIComponent(l.id)}`} className="underline-offset-2 hover:underline">
                        {l.name}
                      </Link>
                    </span>
                  ))}
                </p>
                <p className="text-sm text-muted">
                  {i.detail} · since <RelativeTime at={i.startedAt} clock />
                  {!open && (
                    <>
                      {' '}
                      · {i.resolveDetail ?? 'resolved'} after {formatDuration((i.resolvedAt! - i.startedAt) / 1000)}
                    </>
                  )}
                </p>
                {i.ackedAt !== null && (
                  <p className="text-xs text-muted">
                    Acknowledged by {i.ackedBy} <RelativeTime at={i.ackedAt} />
                  </p>
                )}
              </div>
              {open && canAck && i.ackedAt === null && <AckButton id={i.id} />}
            </div>
            <Deliveries list={i.deliveries} />
          </li>
        );
      })}
    </ul>
  );
}
