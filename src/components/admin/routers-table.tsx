'use client';
import { useState } from 'react';
import type { RouterConfigView } from '@/lib/admin-types';
import type { LocationSummary } from '@/lib/types';
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

/** What the table asks its owner to do with a router added in the dashboard. */
export interface RouterActions {
  edit(router: RouterConfigView): void;
  setDisabled(router: RouterConfigView, disabled: boolean): Promise<void>;
  remove(router: RouterConfigView): void;
}

/**
 * The configured routers, where each comes from, their live status, and a connection test for each
 * with its stored login. Routers of the environment are read-only; the others can be edited,
 * paused and removed.
 */
export function RoutersTable({ routers, locations, actions }: { routers: RouterConfigView[]; locations: LocationSummary[]; actions: RouterActions }) {
  if (!routers.length) return <NoRouters />;
  const live = new Map(locations.map((l) => [l.id, l]));
  // Only web servers of the scaled setup know of collectors; the single process shows no column.
  const scaled = routers.some((r) => r.collector !== undefined);
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
            <th scope="col" className={HEAD}>Source</th>
            {scaled && (
              <th scope="col" className={HEAD}>
                Collector
              </th>
            )}
            <th scope="col" className={HEAD}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        {routers.map((r) => (
          <RouterRow key={r.id} router={r} live={live.get(r.id) ?? null} actions={actions} scaled={scaled} />
        ))}
      </table>
    </div>
  );
}

function RouterRow({ router: r, live, actions, scaled }: { router: RouterConfigView; live: LocationSummary | null; actions: RouterActions; scaled: boolean }) {
  const { busy, outcome, run } = useConnectionTest();
  const [toggling, setToggling] = useState(false);
  const toggle = async () => {
    setToggling(true);
    try {
      await actions.setDisabled(r, !r.disabled);
    } finally {
      setToggling(false);
    }
  };
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
            <span className="text-muted">{r.disabled ? 'Paused (monitoring off, history kept)' : r.passwordUnreadable ? 'Password unreadable with this key: replace it' : 'not polled'}</span>
          )}
        </td>
        <td data-label="Source" className={CELL} data-testid="router-source" data-source={r.source}>
          {r.source === 'env' ? (
            <span title={`Set by ${r.variable} and its siblings; change it there`}>
              From environment <span className="block font-mono text-xs text-muted">{r.variable}</span>
            </span>
          ) : (
            'Dashboard'
          )}
        </td>
        {scaled && (
          <td data-label="Collector" className={`font-mono text-xs break-all ${CELL}`} data-testid="router-collector">
            {r.collector ?? <span className="font-sans text-muted">{r.disabled ? '—' : 'none yet'}</span>}
          </td>
        )}
        <td className="lg:px-2 lg:py-1.5 lg:text-right lg:align-baseline max-lg:block max-lg:pt-2">
          <div className="flex flex-wrap justify-end gap-2 max-lg:flex-col">
            {!r.disabled && (
              <Button onClick={() => run({ location: r.id })} disabled={busy} aria-busy={busy} aria-label={`Test connection to ${r.name}`} className="whitespace-nowrap max-lg:w-full">
                {busy ? 'Testing…' : 'Test connection'}
              </Button>
            )}
            {r.source === 'database' && (
              <>
                <Button onClick={() => actions.edit(r)} aria-label={`Edit ${r.name}`} className="max-lg:w-full">
                  Edit
                </Button>
                <Button onClick={toggle} disabled={toggling} aria-label={`${r.disabled ? 'Resume' : 'Pause'} monitoring of ${r.name}`} className="max-lg:w-full">
                  {r.disabled ? 'Resume' : 'Pause'}
                </Button>
                <Button tone="danger" onClick={() => actions.remove(r)} aria-label={`Remove ${r.name}`} className="max-lg:w-full">
                  Remove
                </Button>
              </>
            )}
          </div>
        </td>
      </tr>
      {outcome && (
        <tr className="max-lg:block">
          <td colSpan={scaled ? 10 : 9} className="pb-3 lg:px-2 max-lg:block max-lg:pt-2 max-lg:pb-0">
            <ConnectionVerdict outcome={outcome} />
          </td>
        </tr>
      )}
    </tbody>
  );
}

/** No router configured yet: add one below, or set `MIKROTIK_<ID>_*` variables. */
function NoRouters() {
  return (
    <EmptyState title="No routers configured" icon="⌁">
      <p>Add a router with the form below, import many from CSV or <code>.env</code> lines, or set them in the environment.</p>
      <p className="mt-3">
        In the environment, each router is a group of environment variables: <code>MIKROTIK_&lt;ID&gt;_HOST</code>, <code>MIKROTIK_&lt;ID&gt;_USER</code> and <code>MIKROTIK_&lt;ID&gt;_PASSWORD</code> (see <code>.env.example</code>), then a restart:
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
