'use client';
import { ROLE_NAMES, ROLE_SUMMARY, type Role } from '@/lib/roles';
import { Field, inputClass } from '../ui/field';

/** A role picker that says what the chosen role may do. */
export function RoleSelect({ value, onChange, label = 'Role' }: { value: Role; onChange: (r: Role) => void; label?: string }) {
  return (
    <Field label={label} hint={ROLE_SUMMARY[value]}>
      {(p) => (
        <select {...p} name="role" value={value} onChange={(e) => onChange(e.target.value as Role)} className={`${inputClass} capitalize`}>
          {ROLE_NAMES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
