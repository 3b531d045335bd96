'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { CODE_LENGTH, PREFIX_MAX, VOUCHER_ALPHABET } from '@/lib/vouchers';
import { apiFetch, errorOf } from '../api';
import { Button } from '../ui/button';
import { ClientForm } from '../ui/client-form';
import { Field, inputClass } from '../ui/field';
import { Notice } from '../ui/notice';

/** An empty field is "no limit"; otherwise a whole number times `unit`. */
function amount(form: FormData, name: string, unit: number): number | null {
  const raw = String(form.get(name) ?? '').trim();
  return raw === '' ? null : Math.round(Number(raw) * unit);
}

/**
 * The form that generates a batch. Limits are typed in hours, megabytes and days; the API takes
 * seconds and bytes. On success it names the batch and offers its print sheet.
 */
export function GenerateForm({ locations, brands }: { locations: Array<{ id: string; name: string }>; brands: Array<{ id: number; name: string }> }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<{ id: number; count: number; warnings: string[] } | null>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const brand = String(f.get('brandId') ?? '');
    const body = {
      name: String(f.get('name') ?? ''),
      count: Number(f.get('count')),
      prefix: String(f.get('prefix') ?? ''),
      codeLength: Number(f.get('codeLength')),
      profile: String(f.get('profile') ?? ''),
      limitUptimeSeconds: amount(f, 'uptimeHours', 3600),
      limitBytesTotal: amount(f, 'dataMb', 1_000_000),
      validitySeconds: amount(f, 'validityDays', 86_400),
      validityFrom: String(f.get('validityFrom')),
      price: Number(f.get('price') || 0),
      currency: String(f.get('currency') ?? 'NGN'),
      locations: f.getAll('locations').map(String),
      ...(brand ? { brandId: Number(brand) } : {}),
    };
    setBusy(true);
    setError(null);
    setMade(null);
    try {
      const res = await apiFetch('/api/vouchers/batches', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw await errorOf(res);
      const { batch, warnings } = (await res.json()) as { batch: { id: number; count: number }; warnings: string[] };
      setMade({ ...batch, warnings });
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ClientForm onSubmit={submit} aria-label="Generate vouchers" className="grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="generate-form">
      <Field label="Batch name" className="col-span-2">{(p) => <input {...p} name="name" required maxLength={80} defaultValue="Daily vouchers" className={inputClass} />}</Field>
      <Field label="How many">{(p) => <input {...p} name="count" type="number" min={1} max={5000} required defaultValue={20} className={inputClass} />}</Field>
      <Field label="Profile" hint="The router's user profile">{(p) => <input {...p} name="profile" required maxLength={64} defaultValue="default" className={inputClass} />}</Field>
      <Field label="Prefix" hint={`Up to ${PREFIX_MAX} of ${VOUCHER_ALPHABET}`}>{(p) => <input {...p} name="prefix" maxLength={PREFIX_MAX} className={`${inputClass} uppercase`} />}</Field>
      <Field label="Code length">{(p) => <input {...p} name="codeLength" type="number" min={CODE_LENGTH.min} max={CODE_LENGTH.max} defaultValue={8} className={inputClass} />}</Field>
      <Field label="Time limit (hours)" hint="Empty: none">{(p) => <input {...p} name="uptimeHours" type="number" min={0.0167} step="any" defaultValue={3} className={inputClass} />}</Field>
      <Field label="Data limit (MB)" hint="Empty: none">{(p) => <input {...p} name="dataMb" type="number" min={1} step="any" className={inputClass} />}</Field>
      <Field label="Valid for (days)" hint="Empty: until used up">{(p) => <input {...p} name="validityDays" type="number" min={0.001} step="any" defaultValue={7} className={inputClass} />}</Field>
      <Field label="Validity starts">
        {(p) => (
          <select {...p} name="validityFrom" className={inputClass} defaultValue="first-use">
            <option value="first-use">at first login</option>
            <option value="creation">now</option>
          </select>
        )}
      </Field>
      <Field label="Price">{(p) => <input {...p} name="price" type="number" min={0} step="any" defaultValue={500} className={inputClass} />}</Field>
      <Field label="Currency">{(p) => <input {...p} name="currency" maxLength={8} defaultValue="NGN" className={inputClass} />}</Field>
      <Field label="Card design">
        {(p) => (
          <select {...p} name="brandId" className={inputClass} defaultValue="">
            <option value="">Default</option>
            {brands.map((b) => (
              <option key={b.id} value={b.id}>{b.name}</option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="col-span-2 md:col-span-4">
        <legend className="mb-1 text-sm font-medium">Locations</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {locations.map((l) => (
            <label key={l.id} className="inline-flex items-center gap-1.5 text-sm">
              <input type="checkbox" name="locations" value={l.id} defaultChecked={locations.length === 1} /> {l.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="col-span-2 flex flex-wrap items-center gap-3 md:col-span-4">
        <Button type="submit" tone="primary" disabled={busy}>{busy ? 'Generating…' : 'Generate'}</Button>
        {made && (
          <Notice tone="ok" testId="generated">
            Batch {made.id}: {made.count} vouchers.{' '}
            <a href={`/hotspot/vouchers/print?batch=${made.id}`} target="_blank" rel="noopener" className="font-medium underline">
              Print them
            </a>
          </Notice>
        )}
        {made?.warnings.map((w) => (
          <Notice key={w} tone="warn" testId="generate-warning">{w}</Notice>
        ))}
        {error && <Notice tone="error" testId="generate-error">{error}</Notice>}
      </div>
    </ClientForm>
  );
}
