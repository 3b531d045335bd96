/**
 * Bulk actions on hotspot users across the fleet, as server and browser share them: what is asked,
 * the plan a dry run makes (exactly what would be done), and what executing it did.
 */

export const BULK_ACTIONS = ['kick', 'disable'] as const;
export const BULK_MATCH = ['user', 'mac', 'profile'] as const;

export interface BulkRequest {
  /** `kick`: end the matching sessions; `disable`: disable the matching users (sessions run on). */
  action: (typeof BULK_ACTIONS)[number];
  /** Match by user name, by MAC (a session's, or a user's binding), or by profile. */
  by: (typeof BULK_MATCH)[number];
  value: string;
}

/** One thing a plan will do: end a session, or disable a user. */
export interface BulkTarget {
  location: string;
  locationName: string;
  kind: 'session' | 'user';
  /** The router's `.id` of the session or the user. */
  id: string;
  user: string;
  mac?: string;
  address?: string;
}

export interface BulkPlan {
  id: string;
  createdAt: number;
  expiresAt: number;
  request: BulkRequest;
  locations: string[];
  targets: BulkTarget[];
  /** Locations that could not be looked at (offline...), and why. */
  skipped: Array<{ location: string; locationName: string; message: string }>;
  /** "12 sessions on 4 routers". */
  summary: string;
}

export type BulkTargetResult = BulkTarget & { ok: boolean; code?: string; message?: string };

export interface BulkResult {
  plan: BulkPlan;
  results: BulkTargetResult[];
  /** Per router: how many went through, how many failed and why. */
  routers: Array<{ location: string; locationName: string; ok: number; failed: number; messages: string[] }>;
  ok: number;
  failed: number;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** "12 sessions on 4 routers", "1 user on 1 router", "nothing matches". */
export function describePlan(plan: Pick<BulkPlan, 'targets' | 'request'>): string {
  if (plan.targets.length === 0) return 'nothing matches';
  const routers = new Set(plan.targets.map((t) => t.location)).size;
  return `${plural(plan.targets.length, plan.request.action === 'kick' ? 'session' : 'user')} on ${plural(routers, 'router')}`;
}
