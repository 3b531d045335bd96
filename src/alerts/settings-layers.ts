/**
 * The stored settings layers of the alert rules, kept in memory and resolved per location (see
 * `settings.ts` for the layering). The engine reloads them after its own changes and every few
 * seconds (another process may change them); between reloads every read is from memory. A layer that no longer validates (written by another
 * version) is ignored with a log line rather than stopping every rule of the fleet.
 */
import type { AlertStore } from '@/store/alerts';
import type { AlertLogger } from './outbox';
import { DEFAULT_FLEET, FleetOverridesSchema, mergeLayers, RuleOverridesSchema, rulesFor, type FleetOverrides, type FleetSettings, type RuleOverrides, type RuleSettings } from './settings';

/** The fleet-wide settings scope and the scope of rule defaults for every location. */
export const FLEET_SCOPE = '#fleet';
export const ALL_SCOPE = '*';

/** Every stored layer, as the settings page shows them. */
export interface StoredLayers {
  /** The fleet-wide settings in force (defaults with the `#fleet` layer). */
  fleet: FleetSettings;
  /** The `#fleet` layer itself: only what it sets. */
  fleetOwn: FleetOverrides;
  /** The `*` layer. */
  all: RuleOverrides;
  /** Each location's own layer. */
  locations: Record<string, RuleOverrides>;
}

export class SettingsLayers {
  private layers = new Map<string, unknown>();
  private readonly resolved = new Map<string, RuleSettings>();
  private fleetCache: FleetSettings | undefined;

  constructor(
    private readonly store: AlertStore,
    private readonly log: AlertLogger,
  ) {}

  /** Reads the layers from the store again; until the first reload, every location has the defaults. */
  async reload(): Promise<void> {
    this.use(await this.store.settings());
  }

  /** Takes these layers as the stored ones (a reload's result). */
  private use(layers: Map<string, unknown>): void {
    this.layers = layers;
    this.resolved.clear();
    this.fleetCache = undefined;
  }

  private layer<T>(scope: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T | undefined {
    const raw = this.layers.get(scope);
    if (raw === undefined) return undefined;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.log('error', 'ignoring invalid alert settings', { scope });
    return undefined;
  }

  fleet(): FleetSettings {
    this.fleetCache ??= mergeLayers(DEFAULT_FLEET, this.layer(FLEET_SCOPE, FleetOverridesSchema));
    return this.fleetCache;
  }

  /** The layer stored for `scope` (`*` or a location id). */
  ruleLayer(scope: string): RuleOverrides | undefined {
    return this.layer(scope, RuleOverridesSchema);
  }

  /** The settings in force at `location` (computed once per settings change). */
  rulesAt(location: string): RuleSettings {
    let r = this.resolved.get(location);
    if (!r) {
      r = rulesFor(this.ruleLayer(ALL_SCOPE), this.ruleLayer(location));
      this.resolved.set(location, r);
    }
    return r;
  }

  stored(): StoredLayers {
    const locations: Record<string, RuleOverrides> = {};
    for (const scope of this.layers.keys()) if (scope !== ALL_SCOPE && scope !== FLEET_SCOPE) locations[scope] = this.ruleLayer(scope)!;
    return { fleet: this.fleet(), fleetOwn: this.layer(FLEET_SCOPE, FleetOverridesSchema) ?? {}, all: this.ruleLayer(ALL_SCOPE) ?? {}, locations };
  }

  /** Replaces a layer (validated by the caller); `null` removes it. */
  async set(scope: string, body: unknown): Promise<void> {
    await this.store.setSettings(scope, body);
    await this.reload();
  }
}
