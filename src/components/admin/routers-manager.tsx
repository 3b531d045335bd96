'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { RouterConfigView } from '@/lib/admin-types';
import type { LocationSummary } from '@/lib/types';
import { messageOf, sendJson } from '../api';
import { useFleetLive } from '../fleet/use-fleet-live';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Notice } from '../ui/notice';
import { Panel } from '../ui/panel';
import { LocationsMap, type MapLocation } from './locations-map';
import { RouterForm } from './router-form';
import { RoutersTable } from './routers-table';

/**
 * The routers page's live part: the table, the map and the add form share one live fleet stream,
 * and a change re-renders the page's list from the server (the inventory is the truth).
 */
export function RoutersManager({ routers, initial }: { routers: RouterConfigView[]; initial: LocationSummary[] }) {
  const { locations } = useFleetLive({ initial });
  const router = useRouter();
  const [editing, setEditing] = useState<RouterConfigView | null>(null);
  const [removing, setRemoving] = useState<RouterConfigView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const status = new Map(locations.map((l) => [l.id, l.status]));
  const points: MapLocation[] = routers
    .filter((r) => r.lat !== null && r.lon !== null)
    .map((r) => ({ id: r.id, name: r.name, lat: r.lat!, lon: r.lon!, status: r.disabled ? null : (status.get(r.id) ?? null) }));
  const actions = {
    edit: (r: RouterConfigView) => setEditing(r),
    remove: (r: RouterConfigView) => setRemoving(r),
    async setDisabled(r: RouterConfigView, disabled: boolean) {
      setError(null);
      try {
        await sendJson('PATCH', `/api/routers/${encodeURIComponent(r.id)}`, { disabled });
        router.refresh();
      } catch (err) {
        setError(messageOf(err));
      }
    },
  };
  return (
    <>
      <Panel title="Configured routers" id="routers">
        {error && (
          <Notice tone="error" className="mb-3">
            {error}
          </Notice>
        )}
        <RoutersTable routers={routers} locations={locations} actions={actions} />
        <p className="mt-3 text-sm">
          <a href="/api/routers/export" download className="text-accent underline-offset-2 hover:underline" data-testid="routers-export">
            Export the list as CSV
          </a>{' '}
          <span className="text-muted">(without passwords)</span>
        </p>
      </Panel>
      <div className="grid min-w-0 gap-4 xl:grid-cols-2 xl:items-start">
        <Panel title="Add a router" id="add-router">
          {added && (
            <Notice tone="ok" className="mb-3" testId="router-added">
              Added {added}: it is being polled now.
            </Notice>
          )}
          <RouterForm
            key={added ?? 'new'}
            router={null}
            onSaved={(id) => {
              setAdded(id);
              router.refresh();
            }}
          />
        </Panel>
        <Panel title="Map" id="map">
          <LocationsMap locations={points} />
        </Panel>
      </div>
      <Dialog open={editing !== null} onClose={() => setEditing(null)} title={editing ? `Edit ${editing.name}` : ''} testId="router-edit-dialog" wide>
        {editing && (
          <RouterForm
            router={editing}
            onSaved={() => {
              setEditing(null);
              router.refresh();
            }}
            onCancel={() => setEditing(null)}
          />
        )}
      </Dialog>
      <RemoveDialog router={removing} onClose={() => setRemoving(null)} onRemoved={() => router.refresh()} />
    </>
  );
}

/** Asks before removing, naming the location, and whether its history goes too. */
function RemoveDialog({ router: r, onClose, onRemoved }: { router: RouterConfigView | null; onClose: () => void; onRemoved: () => void }) {
  const [history, setHistory] = useState<'keep' | 'delete'>('keep');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    if (!r) return;
    setBusy(true);
    setError(null);
    try {
      await sendJson('DELETE', `/api/routers/${encodeURIComponent(r.id)}?history=${history}`);
      onRemoved();
      onClose();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={r !== null} onClose={onClose} title={r ? `Remove ${r.name} (${r.id})?` : ''} testId="router-remove-dialog">
      {r && (
        <div className="space-y-3 text-sm">
          <p>
            Monitoring of <strong>{r.name}</strong> at <code>{`${r.host}:${r.port}`}</code> stops and its connection is closed. Its stored password is deleted.
          </p>
          <fieldset className="space-y-2">
            <legend className="font-medium">Its history (sessions, samples, events)</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="history" value="keep" checked={history === 'keep'} onChange={() => setHistory('keep')} className="accent-accent" />
              Keep it
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="history" value="delete" checked={history === 'delete'} onChange={() => setHistory('delete')} className="accent-accent" />
              Delete it too (cannot be undone)
            </label>
          </fieldset>
          {error && <Notice tone="error">{error}</Notice>}
          <div className="flex justify-end gap-2">
            <Button onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button tone="danger" onClick={remove} disabled={busy} aria-busy={busy} data-testid="router-remove-confirm">
              {busy ? 'Removing…' : `Remove ${r.name}`}
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
