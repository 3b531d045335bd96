import Link from 'next/link';
import { ALERT_RULE_LABELS, type LiveIncident } from '@/lib/alerts';
import { RelativeTime } from '../ui/relative-time';

/** The open incidents of one location, at the top of its page, with a way to the Alerts page. */
export function IncidentBanner({ incidents }: { incidents: readonly LiveIncident[] }) {
  if (!incidents.length) return null;
  const critical = incidents.some((i) => i.severity === 'critical');
  return (
    <div
      role="status"
      data-testid="incident-banner"
      className={`mb-4 rounded-xl border border-l-4 bg-surface p-3 text-sm ${critical ? 'border-rose-500/60 border-l-rose-500' : 'border-amber-500/60 border-l-amber-500'}`}
    >
      <ul className="space-y-1">
        {incidents.map((i) => (
          <li key={i.id} data-testid={`incident-banner-${i.id}`}>
            <span className={`font-semibold ${i.severity === 'critical' ? 'text-rose-700 dark:text-rose-300' : 'text-amber-700 dark:text-amber-300'}`}>
              Open alert: {ALERT_RULE_LABELS[i.rule]}
            </span>{' '}
            <span className="text-muted">
              · {i.detail} · since <RelativeTime at={i.startedAt} clock />
              {i.ackedAt !== null ? ' · acknowledged' : ''}
            </span>
          </li>
        ))}
      </ul>
      <Link href="/alerts" className="mt-1 inline-block font-medium underline underline-offset-2">
        Details on the Alerts page
      </Link>
    </div>
  );
}
