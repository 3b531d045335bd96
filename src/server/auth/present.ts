/** Accounts, tokens and audit entries as the API shows them: ISO times, never a hash. */
import type { AccountRow, AuditRow, TokenRow } from '@/store';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function presentAccount(a: AccountRow) {
  return {
    id: a.id,
    username: a.username,
    role: a.role,
    locations: a.locations,
    disabled: a.disabled,
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
    passwordChangedAt: iso(a.passwordChangedAt),
    lastLoginAt: iso(a.lastLoginAt),
  };
}

export function presentToken(t: TokenRow) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    role: t.role,
    locations: t.locations,
    createdBy: t.createdBy,
    createdAt: iso(t.createdAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
  };
}

export function presentAudit(r: AuditRow) {
  return { ...r, at: iso(r.at) };
}
