import Link from 'next/link';
import { FilterField as Field, filterInputClass as field } from '@/components/ui/filter-field';
import type { UserState } from '@/lib/hotspot-user-status';

/** What the users list is filtered by, as the address carries it. */
export interface UserFilterForm {
  location: string;
  q: string;
  state: UserState;
  profile: string;
  page: number;
}

const STATES: Array<[UserState, string]> = [
  ['all', 'All'],
  ['online', 'Online now'],
  ['offline', 'Offline'],
  ['disabled', 'Disabled'],
  ['exhausted', 'Limits used up'],
];

/** The address of a page of the list with these filters. */
export function usersHref(f: UserFilterForm, page = 1): string {
  const p = new URLSearchParams();
  if (f.location) p.set('location', f.location);
  if (f.q) p.set('q', f.q);
  if (f.state !== 'all') p.set('state', f.state);
  if (f.profile) p.set('profile', f.profile);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `/hotspot/users?${s}` : '/hotspot/users';
}

/** A plain GET form, so every search has an address to share and works without JavaScript. */
export function UsersFilters({ filter: f, locations, profiles, limited }: { filter: UserFilterForm; locations: Array<{ id: string; name: string }>; profiles: string[]; limited: boolean }) {
  return (
    <form method="get" action="/hotspot/users" role="search" aria-label="Filter users" className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-[2fr_repeat(3,minmax(0,1fr))_auto]">
      <div className="col-span-2 sm:col-span-4 lg:col-span-1">
        <Field label="Search">
          <input name="q" type="search" defaultValue={f.q} placeholder="name, MAC, profile or comment" className={field} data-testid="users-search" />
        </Field>
      </div>
      <Field label="Location">
        <select name="location" defaultValue={f.location} className={field} data-testid="users-location">
          <option value="">{limited ? 'All my locations' : 'All locations'}</option>
          {locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Status">
        <select name="state" defaultValue={f.state} className={field} data-testid="users-state">
          {STATES.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Profile">
        <select name="profile" defaultValue={f.profile} className={field}>
          <option value="">Any</option>
          {profiles.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </Field>
      <div className="col-span-2 flex items-end gap-2 sm:col-span-1">
        <button type="submit" className="min-h-9 flex-1 rounded-lg bg-accent px-4 text-sm font-medium text-white hover:brightness-110 lg:flex-none dark:text-slate-950" data-testid="users-search-submit">
          Search
        </button>
        <Link href="/hotspot/users" className="grid min-h-9 place-items-center rounded-lg border border-line px-3 text-sm hover:bg-raised">
          Clear
        </Link>
      </div>
    </form>
  );
}
