import Link from 'next/link';
import { FilterField as Field, filterInputClass as field } from '@/components/ui/filter-field';
import { AUDIT_ACTIONS, type AuditFilterForm } from './audit-filter';

/** A plain GET form, like the sessions page's: works without JavaScript, every view has a URL. */
export function AuditFilters({ filter: f, actors }: { filter: AuditFilterForm; actors: string[] }) {
  const actions = f.action && !AUDIT_ACTIONS.some(([a]) => a === f.action) ? [...AUDIT_ACTIONS, [f.action, f.action] as const] : AUDIT_ACTIONS;
  return (
    <form method="get" action="/admin/audit" role="search" aria-label="Filter the audit log" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto]">
      <Field label="Who">
        <input name="actor" type="search" defaultValue={f.actor} list="audit-actors" placeholder="exact username" autoCapitalize="none" spellCheck={false} className={field} data-testid="audit-actor" />
        <datalist id="audit-actors">
          {actors.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </Field>
      <Field label="Action">
        <select name="action" defaultValue={f.action} className={field} data-testid="audit-action">
          <option value="">All actions</option>
          {actions.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Result">
        <select name="result" defaultValue={f.result} className={field} data-testid="audit-result">
          <option value="">Any result</option>
          <option value="ok">OK</option>
          <option value="denied">Denied</option>
          <option value="failed">Failed</option>
        </select>
      </Field>
      <Field label="From">
        <input name="from" type="date" defaultValue={f.from} className={field} />
      </Field>
      <Field label="To">
        <input name="to" type="date" defaultValue={f.to} className={field} />
      </Field>
      <div className="flex items-end gap-2 sm:col-span-1 lg:col-span-1">
        <button type="submit" className="min-h-9 flex-1 rounded-lg bg-accent px-4 text-sm font-medium text-white hover:brightness-110 lg:flex-none dark:text-slate-950" data-testid="audit-search">
          Filter
        </button>
        <Link href="/admin/audit" className="grid min-h-9 place-items-center rounded-lg border border-line px-3 text-sm hover:bg-raised">
          Clear
        </Link>
      </div>
    </form>
  );
}
