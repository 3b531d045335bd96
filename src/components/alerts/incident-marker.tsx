import Link from 'next/link';
import { ALERT_RULE_LABELS, type LiveIncident } from '@/lib/alerts';

const TONE = {
  critical: 'border-rose-500/60 bg-rose-500/10 text-rose-800 dark:text-rose-200',
  warning: 'border-amber-500/60 bg-amber-500/10 text-amber-800 dark:text-amber-200',
};

/** A small badge on a location with an open incident, linking to the Alerts page. */
export function IncidentMarker({ location, incident, className = '' }: { location: string; incident: LiveIncident; className?: string }) {
  return (
    <Link
      href="/alerts"
      data-testid={`incident-marker-${location}`}
      data-incident={incident.id}
      title={`${ALERT_RULE_LABELS[incident.rule]}: ${incident.detail}${incident.ackedAt !== null ? ' (acknowledged)' : ''}`}
      className={`relative z-10 inline-flex max-w-full items-center gap-1 truncate rounded-full border px-2 py-0.5 text-xs font-medium hover:underline ${TONE[incident.severity]} ${className}`}
    >
      <span aria-hidden>{incident.ackedAt !== null ? '✓' : '⚠'}</span>
      <span className="truncate">
        Alert: {ALERT_RULE_LABELS[incident.rule]}
        {incident.ackedAt !== null ? ' · acknowledged' : ''}
      </span>
    </Link>
  );
}
