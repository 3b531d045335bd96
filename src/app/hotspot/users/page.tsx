import type { Metadata } from 'next';
import { deniedReason } from '@/components/role-hints';
import { EmptyState } from '@/components/ui/empty-state';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { Panel } from '@/components/ui/panel';
import { BulkPanel } from '@/components/users/bulk-panel';
import { NewUserButton } from '@/components/users/new-user-button';
import { UsersFilters, usersHref, type UserFilterForm } from '@/components/users/users-filters';
import { UsersLive } from '@/components/users/users-live';
import { UsersTable } from '@/components/users/users-table';
import { USER_STATES, type UserState } from '@/lib/hotspot-user-status';
import { requirePage } from '@/server/auth/page';
import { visible, viewerOf } from '@/server/auth/principal';
import { listUsers } from '@/server/hotspot-users';
import { sessionsSince } from '@/server/live/viewer';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Users' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const PAGE_SIZE = 50;
/** Profiles change rarely; the dialog's choices may be a minute old. */
const PROFILES_MAX_AGE_MS = 60_000;

function parseFilter(sp: Record<string, string | string[] | undefined>): UserFilterForm {
  const one = (k: string) => {
    const v = sp[k];
    return (Array.isArray(v) ? v[0] : v)?.slice(0, 128) ?? '';
  };
  const state = one('state') as UserState;
  const page = Number.parseInt(one('page'), 10);
  return { location: one('location'), q: one('q'), state: USER_STATES.includes(state) ? state : 'all', profile: one('profile'), page: Number.isFinite(page) && page > 0 ? page : 1 };
}

/**
 * Hotspot users across the locations the account may see, read from the routers (through the
 * monitor's cache), with who is online now, last seen, usage and limits; edits, actions and bulk
 * kicks go to the routers and show their answers. A listed user who logs in or out flips online
 * or offline without a reload (`UsersLive`).
 */
export default async function UsersPage({ searchParams }: Props) {
  const f = parseFilter(await searchParams);
  const principal = await requirePage(usersHref(f, f.page));
  const runtime = await getRuntime();
  // Before the list is read: a login after this frame reaches the page through the stream.
  const since = sessionsSince(runtime.monitor, principal);
  const locations = visible(principal, runtime.monitor.list(), (l) => l.id).map((l) => ({ id: l.id, name: l.name }));
  const names = Object.fromEntries(locations.map((l) => [l.id, l.name]));
  const scope = f.location ? locations.filter((l) => l.id === f.location).map((l) => l.id) : locations.map((l) => l.id);
  const [page, profileReads] = await Promise.all([
    listUsers(runtime, { locations: scope, q: f.q || undefined, state: f.state, profile: f.profile || undefined, page: f.page, pageSize: PAGE_SIZE }),
    Promise.all(locations.map((l) => runtime.monitor.hotspotProfiles(l.id, { maxAgeMs: PROFILES_MAX_AGE_MS }))),
  ]);
  const profiles: Record<string, string[]> = {};
  locations.forEach((l, i) => {
    const r = profileReads[i]!;
    if (r.ok) profiles[l.id] = r.value.map((p) => p.name);
  });
  const allProfiles = [...new Set(Object.values(profiles).flat())].sort();
  const viewer = viewerOf(principal);
  const denied = deniedReason(viewer, 'users');
  const failed = page.locations.filter((l) => !l.ok);
  return (
    <>
      <PageHeader
        title="Users"
        subtitle={`Hotspot accounts on ${principal.locations === null ? 'all routers' : 'your routers'}, as the routers have them`}
        actions={
          <>
            <UsersLive since={since} shown={page.users.map((u) => ({ location: u.location, name: u.name }))} />
            <NewUserButton locations={locations} profiles={profiles} deniedReason={denied} />
          </>
        }
      />
      <Panel className="mb-4">
        <UsersFilters filter={f} locations={locations} profiles={allProfiles} limited={principal.locations !== null} />
      </Panel>
      {failed.map((l) => (
        <Notice key={l.id} tone="warn" className="mb-3" testId="users-location-failed">
          {l.name}: users not shown ({l.message})
        </Notice>
      ))}
      {page.users.length ? (
        <Panel className="mb-4">
          <UsersTable users={page.users} names={names} canManage={denied === null} deniedReason={denied} locations={locations} profiles={profiles} />
          <Pager label="User pages" page={f.page} pageSize={PAGE_SIZE} shown={page.users.length} total={page.total} href={(n) => usersHref(f, n)} countTestId="users-count" />
        </Panel>
      ) : (
        <EmptyState title={locations.length ? 'No users match' : 'No routers yet'}>
          {locations.length ? 'Clear the search or a filter, or create a user.' : 'Add a router first; its hotspot users will show here.'}
        </EmptyState>
      )}
      {denied === null && locations.length > 0 && (
        <Panel className="mt-4">
          <h2 className="mb-3 text-base font-semibold">Bulk actions across the fleet</h2>
          <BulkPanel locations={locations} deniedReason={denied} />
        </Panel>
      )}
    </>
  );
}
