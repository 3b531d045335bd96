'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiFetch, errorOf, messageOf } from '../api';
import { Button } from '../ui/button';
import { Field, inputClass } from '../ui/field';
import { Notice } from '../ui/notice';
import { compactLayer, FLEET_SECTIONS, formValue, inheritedWords, RULE_SECTIONS, storedValue, type FieldSpec, type Layer, type SectionSpec } from './rule-fields';

/** One settings layer the form can edit: what it sets itself, and what it inherits where it sets nothing. */
export interface ScopeLayer {
  /** `*`, `#fleet` or a location id. */
  id: string;
  label: string;
  own: Layer;
  inherited: Layer;
}

/** Form state of a layer: each field's text ('' inherits); channels as null (inherit) or a list. */
type Draft = Record<string, Record<string, string | number[] | null>>;

function draftOf(sections: SectionSpec[], own: Layer): Draft {
  return Object.fromEntries(
    sections.map((s) => [s.key, Object.fromEntries(s.fields.map((f) => [f.key, f.kind === 'channels' ? ((own[s.key]?.[f.key] as number[] | undefined) ?? null) : formValue(f, own[s.key]?.[f.key])]))]),
  );
}

function layerOf(sections: SectionSpec[], draft: Draft): Layer {
  return Object.fromEntries(
    sections.map((s) => [s.key, Object.fromEntries(s.fields.map((f) => [f.key, f.kind === 'channels' ? (draft[s.key]![f.key] ?? undefined) : storedValue(f, draft[s.key]![f.key] as string)]))]),
  );
}

/**
 * Admins: the rules as forms, one layer at a time: every location (`*`), the fleet (grouping,
 * the monitoring itself, reminders) or one location. A field left blank inherits the value shown
 * under it; a layer with nothing set is removed.
 */
export function RulesEditor({ scopes, channels }: { scopes: ScopeLayer[]; channels: Array<{ id: number; name: string }> }) {
  const router = useRouter();
  const [scopeId, setScopeId] = useState(scopes[0]?.id ?? '*');
  const scope = scopes.find((s) => s.id === scopeId) ?? scopes[0]!;
  const sections = scope.id === '#fleet' ? FLEET_SECTIONS : RULE_SECTIONS;
  const [draft, setDraft] = useState<Draft>(() => draftOf(sections, scope.own));
  const [note, setNote] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const pick = (id: string) => {
    const next = scopes.find((s) => s.id === id)!;
    setScopeId(id);
    setDraft(draftOf(next.id === '#fleet' ? FLEET_SECTIONS : RULE_SECTIONS, next.own));
    setNote(null);
  };
  const set = (section: string, key: string, value: string | number[] | null) => setDraft((d) => ({ ...d, [section]: { ...d[section], [key]: value } }));
  const save = async (settings: Layer | null) => {
    try {
      const res = await apiFetch('/api/alerts/settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scope: scope.id, settings }) });
      if (!res.ok) throw await errorOf(res);
      setNote({ tone: 'ok', text: settings ? 'Saved. The rules use it from the next second.' : 'Removed: this layer inherits everything again.' });
      if (!settings) setDraft(draftOf(sections, {}));
      router.refresh();
    } catch (err) {
      setNote({ tone: 'error', text: messageOf(err) });
    }
  };
  const nameOf = (id: number) => channels.find((c) => c.id === id)?.name ?? `#${id}`;
  return (
    <form
      className="space-y-3"
      aria-label="Rule settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save(compactLayer(layerOf(sections, draft)));
      }}
    >
      <Field label="Settings for">
        {(p) => (
          <select {...p} value={scope.id} onChange={(e) => pick(e.target.value)} className={inputClass}>
            {scopes.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {sections.map((s) => (
        <fieldset key={s.key} className="space-y-2 rounded-xl border border-line p-3" data-testid={`rule-${s.key}`}>
          <legend className="px-1 text-sm font-semibold">{s.title}</legend>
          <div className="grid grid-cols-2 gap-2">
            {s.fields.map((f) => (
              <RuleField key={f.key} f={f} value={draft[s.key]?.[f.key] ?? null} inherited={inheritedWords(f, scope.inherited[s.key]?.[f.key], nameOf)} channels={channels} onChange={(v) => set(s.key, f.key, v)} />
            ))}
          </div>
        </fieldset>
      ))}
      {note && <Notice tone={note.tone}>{note.text}</Notice>}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" tone="primary">
          Save
        </Button>
        {Object.keys(scope.own).length > 0 && (
          <Button onClick={() => void save(null)}>{scope.id === '*' || scope.id === '#fleet' ? 'Back to defaults' : 'Inherit everything'}</Button>
        )}
      </div>
    </form>
  );
}

function RuleField({
  f,
  value,
  inherited,
  channels,
  onChange,
}: {
  f: FieldSpec;
  value: string | number[] | null;
  inherited: string;
  channels: Array<{ id: number; name: string }>;
  onChange: (v: string | number[] | null) => void;
}) {
  const hint = `Inherits: ${inherited}`;
  if (f.kind === 'channels') {
    const list = value as number[] | null;
    return (
      <fieldset className="col-span-2 text-sm">
        <legend className="font-medium">{f.label}</legend>
        <select aria-label={`${f.label}: which`} value={list === null ? 'inherit' : 'chosen'} onChange={(e) => onChange(e.target.value === 'inherit' ? null : [])} className={`${inputClass} mt-1`}>
          <option value="inherit">Inherit ({inherited})</option>
          <option value="chosen">Only these (none ticked: every channel)</option>
        </select>
        {list !== null && (
          <div className="mt-1 flex flex-wrap gap-x-3">
            {channels.map((c) => (
              <label key={c.id} className="flex items-center gap-1">
                <input type="checkbox" checked={list.includes(c.id)} onChange={(e) => onChange(e.target.checked ? [...list, c.id] : list.filter((x) => x !== c.id))} /> {c.name}
              </label>
            ))}
          </div>
        )}
      </fieldset>
    );
  }
  if (f.kind === 'switch') {
    return (
      <Field label={f.label} className="col-span-2">
        {(p) => (
          <select {...p} value={value as string} onChange={(e) => onChange(e.target.value)} className={inputClass}>
            <option value="">Inherit ({inherited})</option>
            <option value="on">On</option>
            <option value="off">Off</option>
          </select>
        )}
      </Field>
    );
  }
  return (
    <Field label={f.label} hint={hint}>
      {(p) => (
        <input
          {...p}
          type="number"
          inputMode="decimal"
          step={f.kind === 'minutes' ? 'any' : 1}
          min={f.kind === 'minutes' ? 0.017 : f.min}
          max={f.max}
          value={value as string}
          placeholder={inherited}
          onChange={(e) => onChange(e.target.value)}
          className={inputClass}
        />
      )}
    </Field>
  );
}
