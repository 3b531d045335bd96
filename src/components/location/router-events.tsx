import type { RouterEventView } from '@/lib/wire';
import type { LocationStatus } from '@/lib/types';
import { LOCATION_STATUSES } from '@/lib/types';
import { formatTimestamp } from '@/lib/format';
import { Panel } from '../ui/panel';
import { RelativeTime } from '../ui/relative-time';
import { StatusLight } from '../ui/status-light';

const asStatus = (s: string): LocationStatus => ((LOCATION_STATUSES as readonly string[]).includes(s) ? (s as LocationStatus) : 'error');

/** What happened to this router lately: every status change with its reason. */
export function RouterEvents({ events }: { events: RouterEventView[] }) {
  return (
    <Panel title="Recent router events" id="events">
      {events.length ? (
        <ol className="space-y-2 text-sm" data-testid="router-events">
          {events.map((e) => (
            <li key={e.id} className="border-b border-line/60 pb-2 last:border-0">
              <div className="flex items-baseline justify-between gap-3">
                <StatusLight status={asStatus(e.status)} />
                <RelativeTime at={e.at} clock className="text-xs text-muted" />
              </div>
              <p className="mt-0.5 text-muted">{e.reason ?? 'all well'}</p>
              <span className="sr-only">{formatTimestamp(e.at)}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-muted">No status changes recorded yet.</p>
      )}
    </Panel>
  );
}
