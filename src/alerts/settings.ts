/**
 * What each alert rule watches for and how long it waits, with the defaults in force until an
 * admin changes them. Settings live in three layers, later ones winning field by field:
 * {@link DEFAULT_RULES} ← the fleet-wide row (`*`) ← the location's own row.
 */
import { z } from 'zod';

/** Channel ids a rule sends to; empty means every enabled channel. */
const Channels = z.array(z.number().int().positive()).max(50);
const Seconds = z.number().int().min(1).max(7 * 86_400);

export const RuleSettingsSchema = z.object({
  /** Router unreachable, login refused or erroring for `forSeconds` (default 180). */
  down: z.object({ enabled: z.boolean(), forSeconds: Seconds, channels: Channels }),
  /** `changes` or more up→down changes inside `windowSeconds` (default 3 in 600 s): one alert, not one per flap. */
  flapping: z.object({ enabled: z.boolean(), changes: z.number().int().min(2).max(100), windowSeconds: Seconds, channels: Channels }),
  /**
   * The router answers but nobody is online, or (when `belowUsualPercent` > 0) fewer than that
   * share of the usual users at this weekday and hour, for `forSeconds` (default 1800, share off).
   */
  hotspotDead: z.object({ enabled: z.boolean(), forSeconds: Seconds, belowUsualPercent: z.number().min(0).max(100), channels: Channels }),
  /** CPU above `cpuAbove` % or free memory below `memoryFreeBelow` % for `forSeconds` (default 90 %, 10 %, 300 s). */
  strain: z.object({
    enabled: z.boolean(),
    cpuAbove: z.number().min(0).max(100),
    memoryFreeBelow: z.number().min(0).max(100),
    forSeconds: Seconds,
    channels: Channels,
  }),
});
export type RuleSettings = z.infer<typeof RuleSettingsSchema>;

export const FleetSettingsSchema = z.object({
  /** `sites` or more locations going down within `withinSeconds` of each other become one grouped alert (default 3 in 60 s). */
  manySites: z.object({ enabled: z.boolean(), sites: z.number().int().min(2).max(10_000), withinSeconds: Seconds, channels: Channels }),
  /**
   * The monitoring itself failing: history not recorded for `historyForSeconds` (default 60), or a
   * location's polling `stuckIntervals` poll intervals behind its schedule (default 3). Critical, so
   * it is sent during quiet hours too, and delivered from memory when the outbox cannot be written.
   */
  monitoring: z.object({ enabled: z.boolean(), historyForSeconds: Seconds, stuckIntervals: z.number().int().min(1).max(1000), channels: Channels }),
  /** Unacknowledged open incidents are reminded `count` times, every `afterSeconds` (default once, after 1 h). */
  reminders: z.object({ afterSeconds: Seconds, count: z.number().int().min(0).max(20) }),
});
export type FleetSettings = z.infer<typeof FleetSettingsSchema>;

export const DEFAULT_RULES: RuleSettings = {
  down: { enabled: true, forSeconds: 180, channels: [] },
  flapping: { enabled: true, changes: 3, windowSeconds: 600, channels: [] },
  hotspotDead: { enabled: true, forSeconds: 1800, belowUsualPercent: 0, channels: [] },
  strain: { enabled: true, cpuAbove: 90, memoryFreeBelow: 10, forSeconds: 300, channels: [] },
};

export const DEFAULT_FLEET: FleetSettings = {
  manySites: { enabled: true, sites: 3, withinSeconds: 60, channels: [] },
  monitoring: { enabled: true, historyForSeconds: 60, stuckIntervals: 3, channels: [] },
  reminders: { afterSeconds: 3600, count: 1 },
};

const partialSections = <T extends z.ZodRawShape>(o: z.ZodObject<T>) =>
  z.object(Object.fromEntries(Object.entries(o.shape).map(([k, v]) => [k, (v as z.ZodObject).partial().optional()]))).strict();

/** A layer of rule settings: any section, any field (what the admin API accepts per location). */
export const RuleOverridesSchema = partialSections(RuleSettingsSchema);
export type RuleOverrides = z.infer<typeof RuleOverridesSchema>;
/** A layer of fleet-wide settings. */
export const FleetOverridesSchema = partialSections(FleetSettingsSchema);
export type FleetOverrides = z.infer<typeof FleetOverridesSchema>;

/** `base` with each section's fields replaced by those the layers give, in order. */
export function mergeLayers<T extends Record<string, object>>(base: T, ...layers: Array<Partial<Record<keyof T, object>> | undefined>): T {
  const out = { ...base } as Record<string, object>;
  for (const layer of layers) {
    if (!layer) continue;
    for (const [section, fields] of Object.entries(layer)) {
      if (fields && section in out) out[section] = { ...out[section], ...fields };
    }
  }
  return out as T;
}

/** The settings in force at a location. */
export function rulesFor(fleetLayer: RuleOverrides | undefined, locationLayer: RuleOverrides | undefined): RuleSettings {
  return mergeLayers(DEFAULT_RULES, fleetLayer, locationLayer);
}
