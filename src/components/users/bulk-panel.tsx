'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { messageOf, sendJson } from '@/components/api';
import { Button } from '@/components/ui/button';
import { FilterField as Field, filterInputClass as field } from '@/components/ui/filter-field';
import { Notice } from '@/components/ui/notice';
import type { BulkPlan, BulkResult } from '@/lib/hotspot-bulk';

/**
 * Bulk kick or disable across the fleet: preview first (exactly what would be done, "12 sessions
 * on 4 routers"), then carry out that very list and show each router's result.
 */
export function BulkPanel({ locations, deniedReason }: { locations: Array<{ id: string; name: string }>; deniedReason: string | null }) {
  const router = useRouter();
  const [plan, setPlan] = useState<BulkPlan | null>(null);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function preview(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const location = String(f.get('location') ?? '');
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setPlan(
        await sendJson<BulkPlan>('POST', '/api/hotspot/users/bulk', {
          action: f.get('action'),
          by: f.get('by'),
          value: String(f.get('value') ?? '').trim(),
          locations: location ? [location] : undefined,
          dryRun: true,
        }),
      );
    } catch (err) {
      setPlan(null);
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function execute() {
    if (!plan) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await sendJson<BulkResult>('POST', '/api/hotspot/users/bulk', { planId: plan.id }));
      setPlan(null);
      router.refresh();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const verb = plan?.request.action === 'kick' ? 'Kick' : 'Disable';
  return (
    <section aria-label="Bulk actions" data-testid="bulk-panel">
      <form onSubmit={preview} className="grid grid-cols-2 gap-3 sm:grid-cols-[repeat(4,minmax(0,1fr))_auto]">
        <Field label="Action">
          <select name="action" className={field} data-testid="bulk-action">
            <option value="kick">Kick sessions</option>
            <option value="disable">Disable users</option>
          </select>
        </Field>
        <Field label="Match by">
          <select name="by" className={field} data-testid="bulk-by">
            <option value="user">User name</option>
            <option value="mac">MAC</option>
            <option value="profile">Profile</option>
          </select>
        </Field>
        <Field label="Value">
          <input name="value" required maxLength={64} className={field} placeholder="ada, AA:BB:…, daily" data-testid="bulk-value" />
        </Field>
        <Field label="Where">
          <select name="location" className={field} data-testid="bulk-location">
            <option value="">All my locations</option>
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </Field>
        <div className="col-span-2 flex items-end sm:col-span-1">
          <Button type="submit" disabled={busy || deniedReason !== null} title={deniedReason ?? undefined} className="w-full" data-testid="bulk-preview">
            {busy && !plan ? 'Looking…' : 'Preview'}
          </Button>
        </div>
      </form>
      {error && (
        <Notice tone="error" className="mt-3" testId="bulk-error">
          {error}
        </Notice>
      )}
      {plan && (
        <div className="mt-3 rounded-xl border border-line p-3" data-testid="bulk-plan">
          <p className="font-medium" data-testid="bulk-summary">
            {verb}: {plan.summary}
          </p>
          {plan.skipped.map((s) => (
            <p key={s.location} className="text-sm text-amber-700 dark:text-amber-300">
              Skipped {s.locationName}: {s.message}
            </p>
          ))}
          <ul className="mt-2 max-h-60 overflow-y-auto text-sm" data-testid="bulk-targets">
            {plan.targets.map((t) => (
              <li key={`${t.location}/${t.id}`} className="flex flex-wrap gap-x-3 border-t border-line py-1">
                <span className="font-medium">{t.user}</span>
                <span className="text-muted">{t.locationName}</span>
                {t.mac && <span className="font-mono text-xs">{t.mac}</span>}
                {t.address && <span className="text-muted">{t.address}</span>}
              </li>
            ))}
          </ul>
          <div className="mt-3 flex gap-2">
            <Button tone="danger" disabled={busy || plan.targets.length === 0} onClick={execute} data-testid="bulk-execute">
              {verb} {plan.targets.length}
            </Button>
            <Button onClick={() => setPlan(null)}>Cancel</Button>
          </div>
        </div>
      )}
      {result && (
        <div className="mt-3" data-testid="bulk-result">
          <Notice tone={result.failed ? 'warn' : 'ok'}>
            {result.ok} of {result.plan.targets.length} done ({result.plan.summary}).
          </Notice>
          <ul className="mt-2 text-sm">
            {result.routers.map((r) => (
              <li key={r.location} data-testid="bulk-router-result">
                {r.locationName}: {r.ok} done{r.failed ? `, ${r.failed} failed: ${r.messages.join('; ')}` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
