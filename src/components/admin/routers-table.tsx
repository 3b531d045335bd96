'use client';
import type { RouterConfigView } from '@/lib/admin-types';
import type { LocationSummary } from '@/lib/types';
import { useFleetLive } from '../fleet/use-fleet-live';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { RelativeTime } from '../ui/relative-time';
import { STATUS_TONE, statusReason } from '../ui/status';
import { StatusLight } from '../ui/status-light';
import { ConnectionVerdict } from './connection-verdict';
import { useConnectionTest } from './use-connection-test';

/**
 * Below `lg` each router is a card (its `<tbody>`), every cell a line with its label in front
 * (from `data-label`); from `lg` up, an ordinary table row.
 */
const CELL =
  'lg:px-2 lg:py-2 lg:align-baseline max-lg:flex max-lg:items-baseline max-lg:justify-between max-lg:gap-3 max-lg:py-1 max-lg:text-right max-lg:before:shrink-0 max-lg:before:text-left max-lg:before:text-xs max-lg:before:text-muted max-lg:before:content-[attr(data-label)]';
const HEAD = 'px-2 py-2 font-medium';

/** The configured routers, their live status, and a connection test for each with its stored login. */
export function RoutersTable({ routers, initial }: { routers: RouterConfigView[]; initial: LocationSummary[] }) {
  const { locations } = useFleetLive(initial);
  if (!routers.length) return <NoRouters />;
  const live = new Map(locations.map((l) => [l.id, l]));
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm max-lg:block" data-testid="routers-table">
        <thead className="border-b border-line text-xs text-muted max-lg:hidden">
          <tr>
            <th scope="col" className={HEAD}>Name</th>
            <th scope="col" className={HEAD}>ID</th>
            <th scope="col" className={HEAD}>Address</th>
            <th scope="col" className={HEAD}>TLS</th>
            <th scope="col" className={HEAD}>API user</th>
            <th scope="col" className={HEAD}>WAN interface</th>
            <th scope="col" className={HEAD}>Status</th>
            <th scope="col" className={HEAD}>
              <span className="sr-only">Connection test</span>
            </th>
          </tr>
        </thead>
        {routers.map((r) => (
          <RouterRow key={r.id} router={r} live={live.get(r.id) ?? null} />
        ))}
      </table>
    </div>
  );
}

function RouterRow({ router: r, live }: { router: RouterConfigView; live: LocationSummary | null }) {
  const { busy, outcome, run } = useConnectionTest();
  const reason = live ? statusReason(live) : null;
  return (
    <tbody data-router={r.id} className="border-b border-line/60 last:border-0 max-lg:mb-3 max-lg:block max-lg:rounded-xl max-lg:border max-lg:border-line max-lg:p-3 max-lg:last:mb-0 max-lg:last:border">
      <tr className="max-lg:block">
        <td className="font-medium lg:px-2 lg:py-2 lg:align-baseline max-lg:block max-lg:pb-1 max-lg:text-base">{r.name}</td>
        <td data-label="ID" className={`font-mono text-xs ${CELL}`}>
          {r.id}
        </td>
        <td data-label="Address" className={`font-mono text-xs break-all ${CELL}`} data-testid="router-address">
          {r.host}:{r.port}
        </td>
        <td data-label="TLS" className={CELL}>
          {r.tls ? 'Yes' : 'No'}
        </td>
        <td data-label="API user" className={`break-all ${CELL}`}>
          <span>
            {r.user}
            {!r.passwordSet && <span className="block text-xs text-amber-700 dark:text-amber-400">no password set</span>}
          </span>
        </td>
        <td data-label="WAN interface" className={CELL}>
          {r.interface ?? (
            <span>
              ether1 <span className="text-muted">(default)</span>
            </span>
          )}
        </td>
        <td data-label="Status" className={`lg:max-w-72 ${CELL}`} data-testid="router-status" data-status={live?.status}>
          {live ? (
            <span className="min-w-0">
              <StatusLight status={live.status} />
              {reason && (
                <span className={`block text-xs break-words ${STATUS_TONE[live.status].text}`}>
                  {reason} · <RelativeTime at={live.statusSince} />
                </span>
              )}
            </span>
          ) : (
            <span className="text-muted">not polled</span>
          )}
        </td>
        <td className="lg:px-2 lg:py-1.5 lg:text-right lg:align-baseline max-lg:block max-lg:pt-2">
          <Button onClick={() => run({ location: r.id })} disabled={busy} aria-busy={busy} aria-label={`Test connection to ${r.name}`} className="whitespace-nowrap max-lg:w-full">
            {busy ? 'Testing…' : 'Test connection'}
          </Button>
        </td>
      </tr>
      {outcome && (
        <tr className="max-lg:block">
          <td colSpan={8} className="pb-3 lg:px-2 max-lg:block max-lg:pt-2 max-lg:pb-0">
            <ConnectionVerdict outcome={outcome} />
          </td>
        </tr>
      )}
    </tbody>
  );
}

/** No `MIKROTIK_<ID>_*` variables were set: how to add the first router. */
function NoRouters() {
  return (
    <EmptyState title="No routers configured" icon="⌁">
      <p>
        Each router is a group of environment variables: <code>MIKROTIK_&lt;ID&gt;_HOST</code>, <code>MIKROTIK_&lt;ID&gt;_USER</code> and <code>MIKROTIK_&lt;ID&gt;_PASSWORD</code> (see <code>.env.example</code>), then a restart:
      </p>
      <pre className="mt-3 overflow-x-auto rounded-lg bg-raised p-3 text-left font-mono text-xs text-ink">
        {`MIKROTIK_AWKA_HOST=192.168.1.1
MIKROTIK_AWKA_USER=api-monitor
MIKROTIK_AWKA_PASSWORD=••••••••`}
      </pre>
      <p className="mt-3">
        Optional: <code>_PORT</code>, <code>_TLS=true</code>, <code>_NAME</code>, <code>_INTERFACE</code>. Meanwhile, “Test another router” below checks a router’s address and login.
      </p>
    </EmptyState>
  );
}
