/**
 * Bulk actions across the fleet: kick the sessions of, or disable, the users matched by name, MAC
 * or profile in one or many locations. A preview (dry run) lists exactly what would be done and
 * keeps it as a plan; executing the plan does exactly that list, nothing found later, and
 * reports each target's and each router's result. A plan is one-shot, expires after
 * {@link PLAN_TTL_MS} and belongs to whoever previewed it. Plans are kept in the store
 * (`store/bulk-plans.ts`), so they outlive a restart and any web instance on the same database
 * can carry them out.
 */
import { randomUUID } from 'node:crypto';
import type { BulkPlan, BulkRequest, BulkResult, BulkTarget, BulkTargetResult } from '@/lib/hotspot-bulk';
import { describePlan } from '@/lib/hotspot-bulk';
import type { HotspotUser } from '@/lib/hotspot-users';
import type { Principal } from './auth/principal';
import { actorOf } from './auth/principal';
import { DomainError } from './errors';
import type { Runtime } from './runtime';

/** How long a preview may be executed. */
export const PLAN_TTL_MS = 10 * 60_000;

const sameMac = (a: string | null | undefined, b: string) => !!a && a.toUpperCase() === b.toUpperCase();

/** Works out the targets of a bulk request in `locations` (reading routers now) and keeps the plan. */
export async function previewBulk(runtime: Runtime, principal: Principal, req: BulkRequest, locations: string[], now = Date.now()): Promise<BulkPlan> {
  const { monitor } = runtime;
  // The live list is refreshed first, so the preview shows the sessions of this moment.
  await monitor.refresh(locations);
  const targets: BulkTarget[] = [];
  const skipped: BulkPlan['skipped'] = [];
  await Promise.all(
    locations.map(async (location) => {
      const detail = monitor.get(location);
      const locationName = detail?.name ?? location;
      const sessions = detail?.sessions ?? [];
      const needUsers = req.action === 'disable' || req.by === 'profile';
      let users: HotspotUser[] = [];
      if (needUsers) {
        const r = await monitor.hotspotUsers(location, { maxAgeMs: 0 });
        if (!r.ok) {
          skipped.push({ location, locationName, message: r.message });
          return;
        }
        users = r.value;
      } else if (detail && detail.status !== 'online' && detail.status !== 'degraded') {
        skipped.push({ location, locationName, message: `${locationName} is not reachable now${detail.statusReason ? `: ${detail.statusReason}` : ''}` });
        return;
      }
      if (req.action === 'kick') {
        const profileUsers = req.by === 'profile' ? new Set(users.filter((u) => u.profile === req.value).map((u) => u.name)) : null;
        for (const s of sessions) {
          const hit = req.by === 'user' ? s.user === req.value : req.by === 'mac' ? sameMac(s.mac, req.value) : profileUsers!.has(s.user);
          if (hit) targets.push({ location, locationName, kind: 'session', id: s.id, user: s.user, mac: s.mac, address: s.address });
        }
      } else {
        const onlineFrom = new Set(sessions.filter((s) => sameMac(s.mac, req.value)).map((s) => s.user));
        for (const u of users) {
          const hit = req.by === 'user' ? u.name === req.value : req.by === 'mac' ? sameMac(u.mac, req.value) || onlineFrom.has(u.name) : u.profile === req.value;
          if (hit && !u.disabled) targets.push({ location, locationName, kind: 'user', id: u.id, user: u.name, mac: u.mac ?? undefined });
        }
      }
    }),
  );
  // Location order as asked, then each router's order: the same list every time.
  const order = new Map(locations.map((l, i) => [l, i]));
  targets.sort((a, b) => order.get(a.location)! - order.get(b.location)!);
  skipped.sort((a, b) => order.get(a.location)! - order.get(b.location)!);
  const plan: BulkPlan = { id: randomUUID(), createdAt: now, expiresAt: now + PLAN_TTL_MS, request: req, locations, targets, skipped, summary: '' };
  plan.summary = describePlan(plan);
  await runtime.store.bulkPlans.save(plan, actorOf(principal), now);
  return plan;
}

/** Does exactly what plan `id` listed; the plan is used up. Throws when it is unknown, expired or someone else's. */
export async function executeBulk(runtime: Runtime, principal: Principal, id: string, now = Date.now()): Promise<BulkResult> {
  const plan = await runtime.store.bulkPlans.take(id, actorOf(principal), now);
  if (!plan) throw new DomainError('not-found', 'This preview is unknown, was already carried out or has expired (10 minutes): preview again.');
  const { monitor } = runtime;
  const byLocation = new Map<string, BulkTarget[]>();
  for (const t of plan.targets) byLocation.set(t.location, [...(byLocation.get(t.location) ?? []), t]);
  const results = new Map<BulkTarget, BulkTargetResult>();
  // Routers in parallel; one router's targets one after another over its one connection.
  await Promise.all(
    [...byLocation].map(async ([location, targets]) => {
      for (const t of targets) {
        const r = t.kind === 'session' ? await monitor.kick(location, t.id) : await monitor.setHotspotUserDisabled(location, t.id, true);
        results.set(t, r.ok ? { ...t, ok: true } : { ...t, ok: false, code: r.code, message: r.message });
      }
    }),
  );
  const done = plan.targets.map((t) => results.get(t)!);
  const routers = [...byLocation.keys()].map((location) => {
    const mine = done.filter((r) => r.location === location);
    const failed = mine.filter((r) => !r.ok);
    return { location, locationName: mine[0]!.locationName, ok: mine.length - failed.length, failed: failed.length, messages: [...new Set(failed.map((f) => f.message ?? ''))] };
  });
  return { plan, results: done, routers, ok: done.filter((r) => r.ok).length, failed: done.filter((r) => !r.ok).length };
}
