/**
 * The alert settings as form fields: which sections a layer has, what each field means to a
 * person, and how a form value becomes a stored one (times are minutes in the form, seconds in
 * the settings). The settings' own schema (`src/alerts/settings.ts`) validates on save.
 */

export type FieldKind = 'switch' | 'number' | 'minutes' | 'channels';

export interface FieldSpec {
  key: string;
  label: string;
  kind: FieldKind;
  min?: number;
  max?: number;
}

export interface SectionSpec {
  key: string;
  title: string;
  fields: FieldSpec[];
}

const on: FieldSpec = { key: 'enabled', label: 'On', kind: 'switch' };
const channels: FieldSpec = { key: 'channels', label: 'Channels', kind: 'channels' };

/** The rules of a location (the `*` layer and each location's own). */
export const RULE_SECTIONS: SectionSpec[] = [
  { key: 'down', title: 'Router down', fields: [on, { key: 'forSeconds', label: 'Alert after (minutes down)', kind: 'minutes' }, channels] },
  {
    key: 'flapping',
    title: 'Flapping',
    fields: [on, { key: 'changes', label: 'Outages', kind: 'number', min: 2, max: 100 }, { key: 'windowSeconds', label: 'Within (minutes)', kind: 'minutes' }, channels],
  },
  {
    key: 'hotspotDead',
    title: 'No users while the router answers',
    fields: [on, { key: 'forSeconds', label: 'For (minutes)', kind: 'minutes' }, { key: 'belowUsualPercent', label: 'Or below this % of usual (0: off)', kind: 'number', min: 0, max: 100 }, channels],
  },
  {
    key: 'strain',
    title: 'Router strain',
    fields: [
      on,
      { key: 'cpuAbove', label: 'CPU above (%)', kind: 'number', min: 0, max: 100 },
      { key: 'memoryFreeBelow', label: 'Free memory below (%)', kind: 'number', min: 0, max: 100 },
      { key: 'forSeconds', label: 'For (minutes)', kind: 'minutes' },
      channels,
    ],
  },
];

/** The fleet-wide settings (`#fleet`). */
export const FLEET_SECTIONS: SectionSpec[] = [
  {
    key: 'manySites',
    title: 'Many sites down at once',
    fields: [on, { key: 'sites', label: 'Sites', kind: 'number', min: 2, max: 10_000 }, { key: 'withinSeconds', label: 'Within (minutes)', kind: 'minutes' }, channels],
  },
  {
    key: 'monitoring',
    title: 'Monitoring itself failing',
    fields: [on, { key: 'historyForSeconds', label: 'History not recorded for (minutes)', kind: 'minutes' }, { key: 'stuckIntervals', label: 'Polling behind by (poll intervals)', kind: 'number', min: 1, max: 1000 }, channels],
  },
  {
    key: 'reminders',
    title: 'Reminders',
    fields: [
      { key: 'afterSeconds', label: 'Remind every (minutes)', kind: 'minutes' },
      { key: 'count', label: 'Reminders at most (0: none)', kind: 'number', min: 0, max: 20 },
    ],
  },
];

/** A layer as stored: sections of fields. */
export type Layer = Record<string, Record<string, unknown> | undefined>;

/** How a stored value shows in the form ('' for "inherit"). */
export function formValue(f: FieldSpec, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (f.kind === 'switch') return v ? 'on' : 'off';
  if (f.kind === 'minutes') return String(Math.round(((v as number) / 60) * 1000) / 1000);
  return String(v);
}

/** How a form value is stored; undefined for "inherit". Channels are handled by their own control. */
export function storedValue(f: FieldSpec, v: string): unknown {
  if (v.trim() === '') return undefined;
  if (f.kind === 'switch') return v === 'on';
  const n = Number(v);
  if (f.kind === 'minutes') return Math.max(1, Math.round(n * 60));
  return n;
}

/** What an inherited value looks like as a hint. */
export function inheritedWords(f: FieldSpec, v: unknown, channelName: (id: number) => string): string {
  if (f.kind === 'switch') return v ? 'on' : 'off';
  if (f.kind === 'channels') return (v as number[] | undefined)?.length ? (v as number[]).map(channelName).join(', ') : 'every channel';
  return formValue(f, v);
}

/** A layer without its empty sections; null when nothing is left (the layer is removed). */
export function compactLayer(layer: Layer): Layer | null {
  const out: Layer = {};
  for (const [section, fields] of Object.entries(layer)) {
    const kept = Object.fromEntries(Object.entries(fields ?? {}).filter(([, v]) => v !== undefined));
    if (Object.keys(kept).length) out[section] = kept;
  }
  return Object.keys(out).length ? out : null;
}
