/**
 * Accounts, API tokens and audit entries as the admin API sends them (`/api/accounts`,
 * `/api/tokens`, `/api/audit`): times are ISO text or `null`, never a hash or a secret.
 */
import type { Role } from './roles';

export interface AccountView {
  id: number;
  username: string;
  role: Role;
  /** Location ids the account is limited to; `null` is all (always for admins). */
  locations: string[] | null;
  disabled: boolean;
  createdAt: string | null;
  updatedAt: string | null;
  passwordChangedAt: string | null;
  lastLoginAt: string | null;
}

export interface TokenView {
  id: number;
  name: string;
  /** The first characters of the secret (`phs_AbC1…`), to tell tokens apart. */
  prefix: string;
  role: Role;
  locations: string[] | null;
  /** Username of the admin who made it. */
  createdBy: string | null;
  createdAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type AuditResult = 'ok' | 'denied' | 'failed';

export interface AuditEntryView {
  id: number;
  at: string | null;
  actor: string;
  actorKind: string;
  address: string;
  action: string;
  target: string;
  result: AuditResult;
  detail: string;
}

/** A location as pickers show it. */
export interface LocationOption {
  id: string;
  name: string;
}
