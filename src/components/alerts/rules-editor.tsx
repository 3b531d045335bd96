'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiFetch, errorOf, messageOf } from '../api';
import { Button } from '../ui/button';
import { Field, inputClass } from '../ui/field';
import { Notice } from '../ui/notice';

/**
 * Admins: one settings layer as JSON — `#fleet` (grouping, reminders), `*` (every location) or a
 * location id. Only the fields given override the layers below; an empty layer removes it.
 */
export function RulesEditor({ layers, scopes }: { layers: Record<string, unknown>; scopes: Array<{ id: string; label: string }> }) {
  const router = useRouter();
  const [scope, setScope] = useState(scopes[0]?.id ?? '*');
  const [text, setText] = useState(JSON.stringify(layers[scopes[0]?.id ?? '*'] ?? {}, null, 2));
  const [note, setNote] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const pick = (s: string) => {
    setScope(s);
    setText(JSON.stringify(layers[s] ?? {}, null, 2));
    setNote(null);
  };
  const save = async () => {
    let settings: unknown;
    try {
      settings = text.trim() ? JSON.parse(text) : null;
    } catch {
      setNote({ tone: 'error', text: 'That is not valid JSON.' });
      return;
    }
    if (settings && typeof settings === 'object' && Object.keys(settings).length === 0) settings = null;
    try {
      const res = await apiFetch('/api/alerts/settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scope, settings }) });
      if (!res.ok) throw await errorOf(res);
      setNote({ tone: 'ok', text: 'Saved. The rules use it from the next second.' });
      router.refresh();
    } catch (err) {
      setNote({ tone: 'error', text: messageOf(err) });
    }
  };
  return (
    <div className="space-y-3">
      <Field label="Layer">
        {(p) => (
          <select {...p} value={scope} onChange={(e) => pick(e.target.value)} className={inputClass}>
            {scopes.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Overrides (JSON)" hint='e.g. {"down": {"forSeconds": 300}, "hotspotDead": {"enabled": false}, "strain": {"cpuAbove": 85, "channels": [2]}}'>
        {(p) => <textarea {...p} value={text} onChange={(e) => setText(e.target.value)} rows={8} spellCheck={false} className={`${inputClass} py-2 font-mono text-xs`} />}
      </Field>
      {note && <Notice tone={note.tone}>{note.text}</Notice>}
      <Button tone="primary" onClick={save}>
        Save layer
      </Button>
    </div>
  );
}
