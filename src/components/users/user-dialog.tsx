'use client';
import { useState, type FormEvent } from 'react';
import { messageOf, sendJson } from '@/components/api';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field, inputClass } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import type { HotspotUser } from '@/lib/hotspot-users';

const MB = 1_000_000;

/** The address of one user in the API. */
export const userUrl = (u: Pick<HotspotUser, 'location' | 'id'>, action?: string) =>
  `/api/hotspot/locations/${encodeURIComponent(u.location)}/users/${encodeURIComponent(u.id)}${action ? `/${action}` : ''}`;

const num = (v: FormDataEntryValue | null) => {
  const s = String(v ?? '').trim();
  return s === '' ? null : Number(s);
};

/**
 * Create (`user` absent) or edit a hotspot user. Limits are asked in hours and megabytes; empty
 * is no limit. The router's answer is shown as it came: a refusal keeps the dialog open.
 */
export function UserDialog({ open, onClose, onDone, user, locations, profiles }: {
  open: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
  user?: HotspotUser;
  locations: Array<{ id: string; name: string }>;
  /** Profile names by location. */
  profiles: Record<string, string[]>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [location, setLocation] = useState(user?.location ?? locations[0]?.id ?? '');
  const choices = profiles[location] ?? ['default'];

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const hours = num(f.get('hours'));
    const mb = num(f.get('mb'));
    const mac = String(f.get('mac') ?? '').trim();
    const password = String(f.get('password') ?? '');
    const body: Record<string, unknown> = {
      name: String(f.get('name') ?? '').trim(),
      profile: String(f.get('profile') ?? 'default'),
      mac: mac === '' ? null : mac.toUpperCase().replace(/-/g, ':'),
      limitUptimeSeconds: hours === null ? null : Math.round(hours * 3600),
      limitBytesTotal: mb === null ? null : Math.round(mb * MB),
      comment: String(f.get('comment') ?? ''),
    };
    if (password !== '' || !user) body.password = password;
    setBusy(true);
    setError(null);
    try {
      const res = user
        ? await sendJson<{ value: HotspotUser }>('PATCH', userUrl(user), body)
        : await sendJson<{ value: HotspotUser }>('POST', '/api/hotspot/users', { ...body, location });
      onDone(`${res.value.name} ${user ? 'saved' : 'created'} on ${locations.find((l) => l.id === res.value.location)?.name ?? res.value.location}.`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={open} onClose={onClose} title={user ? `Edit ${user.name}` : 'New hotspot user'} testId="user-dialog" wide>
      <form onSubmit={submit} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        {!user && (
          <Field label="Location" className="sm:col-span-2">
            {(p) => (
              <select {...p} name="location" value={location} onChange={(e) => setLocation(e.target.value)} className={inputClass} data-testid="user-location">
                {locations.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label="Name">{(p) => <input {...p} name="name" required maxLength={64} defaultValue={user?.name} autoComplete="off" className={inputClass} data-testid="user-name" />}</Field>
        <Field label="Password" hint={user ? 'Leave empty to keep it.' : undefined}>
          {(p) => <input {...p} name="password" type="text" maxLength={64} autoComplete="off" className={inputClass} data-testid="user-password" />}
        </Field>
        <Field label="Profile">
          {(p) => (
            <select {...p} name="profile" defaultValue={user?.profile ?? 'default'} className={inputClass} data-testid="user-profile">
              {[...new Set([...(user ? [user.profile] : []), ...choices])].map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="MAC binding" hint="Only this device may log in. Empty: any device.">
          {(p) => <input {...p} name="mac" defaultValue={user?.mac ?? ''} placeholder="AA:BB:CC:DD:EE:FF" autoComplete="off" className={inputClass} data-testid="user-mac" />}
        </Field>
        <Field label="Time limit (hours)" hint="limit-uptime; empty: none">
          {(p) => <input {...p} name="hours" type="number" min="0" step="any" inputMode="decimal" defaultValue={user?.limitUptimeSeconds ? user.limitUptimeSeconds / 3600 : ''} className={inputClass} data-testid="user-hours" />}
        </Field>
        <Field label="Data limit (MB)" hint="limit-bytes-total; empty: none">
          {(p) => <input {...p} name="mb" type="number" min="0" step="any" inputMode="decimal" defaultValue={user?.limitBytesTotal ? user.limitBytesTotal / MB : ''} className={inputClass} data-testid="user-mb" />}
        </Field>
        <Field label="Comment" className="sm:col-span-2">
          {(p) => <input {...p} name="comment" maxLength={200} defaultValue={user?.comment ?? ''} className={inputClass} data-testid="user-comment" />}
        </Field>
        {error && (
          <Notice tone="error" className="sm:col-span-2" testId="user-dialog-error">
            {error}
          </Notice>
        )}
        <div className="flex justify-end gap-2 sm:col-span-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" tone="primary" disabled={busy} data-testid="user-save">
            {busy ? 'Saving…' : user ? 'Save' : 'Create'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
