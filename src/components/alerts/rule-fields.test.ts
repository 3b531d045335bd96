import { describe, expect, it } from 'vitest';
import { compactLayer, formValue, inheritedWords, RULE_SECTIONS, storedValue, type FieldSpec } from './rule-fields';

const minutes: FieldSpec = { key: 'forSeconds', label: 'For (minutes)', kind: 'minutes' };
const number: FieldSpec = { key: 'cpuAbove', label: 'CPU above (%)', kind: 'number' };
const toggle: FieldSpec = { key: 'enabled', label: 'On', kind: 'switch' };

describe('rule fields', () => {
  it('shows seconds as minutes and stores minutes as whole seconds, at least one', () => {
    expect(formValue(minutes, 180)).toBe('3');
    expect(formValue(minutes, 90)).toBe('1.5');
    expect(formValue(minutes, 1)).toBe('0.017');
    expect(storedValue(minutes, '3')).toBe(180);
    expect(storedValue(minutes, '0.02')).toBe(1);
    expect(storedValue(minutes, '0.001')).toBe(1);
  });

  it('treats a blank field as "inherit", for every kind', () => {
    for (const f of [minutes, number, toggle]) {
      expect(formValue(f, undefined)).toBe('');
      expect(storedValue(f, '')).toBeUndefined();
      expect(storedValue(f, '  ')).toBeUndefined();
    }
    expect(storedValue(toggle, 'on')).toBe(true);
    expect(storedValue(toggle, 'off')).toBe(false);
    expect(formValue(toggle, false)).toBe('off');
    expect(storedValue(number, '85')).toBe(85);
  });

  it('says what is inherited in words', () => {
    const channels: FieldSpec = { key: 'channels', label: 'Channels', kind: 'channels' };
    const name = (id: number) => (id === 2 ? 'NOC mail' : `#${id}`);
    expect(inheritedWords(channels, [], name)).toBe('every channel');
    expect(inheritedWords(channels, [2, 5], name)).toBe('NOC mail, #5');
    expect(inheritedWords(toggle, true, name)).toBe('on');
    expect(inheritedWords(minutes, 300, name)).toBe('5');
  });

  it('drops what is inherited from the layer, and the layer when nothing is left', () => {
    expect(compactLayer({ down: { forSeconds: 300, enabled: undefined, channels: undefined }, strain: { cpuAbove: undefined } })).toEqual({ down: { forSeconds: 300 } });
    expect(compactLayer({ down: { forSeconds: undefined }, flapping: {} })).toBeNull();
    expect(compactLayer({ down: { channels: [] } })).toEqual({ down: { channels: [] } });
  });

  it('covers every field of the rule settings', () => {
    expect(RULE_SECTIONS.map((s) => s.key)).toEqual(['down', 'flapping', 'hotspotDead', 'strain']);
    expect(RULE_SECTIONS.find((s) => s.key === 'strain')!.fields.map((f) => f.key)).toEqual(['enabled', 'cpuAbove', 'memoryFreeBelow', 'forSeconds', 'channels']);
  });
});
