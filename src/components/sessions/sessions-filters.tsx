import Link from 'next/link';
import { FilterField as Field, filterInputClass as field } from '@/components/ui/filter-field';
import type { SessionFilterForm } from './session-filter';

/** A plain GET form: works without JavaScript, and every search has a URL to share. `limited`: the account sees only `locations`. */
export function SessionsFilters({ filter: f, locations, limited = false }: { filter: SessionFilterForm; locations: Array<{ id: string; name: string }>; limited?: boolean }) {
  return (
    <form method="get" action="/hotspot/sessions" role="search" aria-label="Filter sessions" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-[repeat(7,minmax(0,1fr))_auto]">
      <Field label="Location">
        <select name="location" defaultValue={f.location} className={field}>
          <option value="">{limited ? 'All my locations' : 'All locations'}</option>
          {locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="User">
        <input name="user" type="search" defaultValue={f.user} placeholder="part of a name" className={field} data-testid="sessions-user" />
      </Field>
      <Field label="MAC">
        <input name="mac" defaultValue={f.mac} placeholder="AA:BB:CC:…" className={field} />
      </Field>
      <Field label="IP">
        <input name="ip" defaultValue={f.ip} placeholder="10.5.50.12" inputMode="decimal" className={field} />
      </Field>
      <Field label="From">
        <input name="from" type="date" defaultValue={f.from} className={field} />
      </Field>
      <Field label="To">
        <input name="to" type="date" defaultValue={f.to} className={field} />
      </Field>
      <Field label="State">
        <select name="state" defaultValue={f.state} className={field}>
          <option value="all">All</option>
          <option value="active">Online now</option>
          <option value="ended">Ended</option>
        </select>
      </Field>
      <div className="col-span-2 flex items-end gap-2 sm:col-span-3 lg:col-span-1">
        <button type="submit" className="min-h-9 flex-1 rounded-lg bg-accent px-4 text-sm font-medium text-white hover:brightness-110 lg:flex-none dark:text-slate-950" data-testid="sessions-search">
          Search
        </button>
        <Link href="/hotspot/sessions" className="grid min-h-9 place-items-center rounded-lg border border-line px-3 text-sm hover:bg-raised">
          Clear
        </Link>
      </div>
    </form>
  );
}
