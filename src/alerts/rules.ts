/**
 * The alert rules as a pure state machine: observations of locations go in, decisions to open,
 * resolve or join incidents come out ({@link RuleEffect}). No clock, no store, no sockets: the
 * caller passes `now` and the incidents that are open, and applies the effects (see `service.ts`).
 *
 * What is kept here is only how long each condition has held and when a location last went down;
 * after a restart the conditions are counted again from the first observation, while the open
 * incidents (from the store) keep anyone from being told twice.
 */
import type { FleetSettings, RuleSettings } from './settings';
import { isDown, isUp, type Observation, type OpenIncident, type RuleEffect, type RuleKind } from './types';

interface Tracker {
  name: string;
  /** Since when the router has been down without a break, or null. */
  downSince: number | null;
  downDetail: string;
  /** Times it went from up to down, newest last, within the flapping window. */
  wentDown: number[];
  /** Since when, and why, the hotspot looks dead while the router answers; no verdict while down. */
  deadSince: number | null;
  dead: string | null;
  strainSince: number | null;
  strain: string | null;
  lastUp: boolean | null;
  /** The latest observation. */
  last: Observation;
}

const STATUS_WORDS: Record<string, string> = { offline: 'unreachable', 'auth-failed': 'login refused', error: 'error' };

function downWords(o: Observation): string {
  const what = STATUS_WORDS[o.status] ?? o.status;
  return o.reason ? `${what}: ${o.reason}` : what;
}

function strainWords(o: Observation, s: RuleSettings['strain']): string | null {
  const parts: string[] = [];
  if (o.cpuLoad !== null && o.cpuLoad > s.cpuAbove) parts.push(`CPU ${Math.round(o.cpuLoad)}%`);
  if (o.memoryFreePct !== null && o.memoryFreePct < s.memoryFreeBelow) parts.push(`free memory ${Math.round(o.memoryFreePct)}%`);
  return parts.length ? parts.join(', ') : null;
}

/** Below this many usual users the "share of usual" test says nothing (a quiet site is not a dead one). */
export const MIN_USUAL_USERS = 5;

function deadWords(o: Observation, s: RuleSettings['hotspotDead']): string | null {
  if (o.activeUsers === 0) return 'router answers but no users are online';
  if (s.belowUsualPercent > 0 && o.usualUsers != null && o.usualUsers >= MIN_USUAL_USERS && o.activeUsers < (o.usualUsers * s.belowUsualPercent) / 100) {
    return `${o.activeUsers} users online, usually ${Math.round(o.usualUsers)} at this hour`;
  }
  return null;
}

export interface StepInput {
  now: number;
  /** The incidents open right now. */
  open: readonly OpenIncident[];
  /** Settings in force at a location. */
  rules(location: string): RuleSettings;
  fleet: FleetSettings;
}

export class AlertRules {
  private readonly trackers = new Map<string, Tracker>();

  /** Names of locations seen so far, for messages. */
  nameOf(id: string): string {
    return this.trackers.get(id)?.name ?? id;
  }

  /** Takes in the state of one location at `at`. Call on every change and poll. */
  observe(o: Observation, at: number): void {
    let t = this.trackers.get(o.id);
    if (!t) {
      t = { last: o, name: o.name, downSince: null, downDetail: '', wentDown: [], deadSince: null, dead: null, strainSince: null, strain: null, lastUp: null };
      this.trackers.set(o.id, t);
    }
    t.name = o.name;
    t.last = o;
    if (isDown(o.status)) {
      if (t.lastUp === true) t.wentDown.push(at);
      t.downSince ??= at;
      t.downDetail = downWords(o);
      t.lastUp = false;
      // No verdict on users or load while the router does not answer: an open incident of
      // those kinds stays open and is not resolved by an outage.
      t.dead = null;
      t.deadSince = null;
      t.strain = null;
      t.strainSince = null;
      return;
    }
    if (!isUp(o.status)) return; // pending: nothing known yet
    t.lastUp = true;
    t.downSince = null;
  }

  /** Decides what to open and resolve at `now`. */
  step(input: StepInput): RuleEffect[] {
    const { now, open } = input;
    const effects: RuleEffect[] = [];
    // Indexed once per step: looked up for every location and rule, every second.
    const byRuleAndLocation = new Map<string, OpenIncident>();
    for (const i of open) for (const l of i.locations) if (!byRuleAndLocation.has(`${i.rule}\n${l}`)) byRuleAndLocation.set(`${i.rule}\n${l}`, i);
    const openOf = (rule: RuleKind, id: string) => byRuleAndLocation.get(`${rule}\n${id}`);
    const due: Array<{ id: string; since: number }> = [];

    for (const [id, t] of this.trackers) {
      const s = input.rules(id);
      const o = t.last;

      // Dead hotspot and strain: thresholds are per location, so the verdict is made here from the latest reading.
      if (t.lastUp && isUp(o.status)) {
        const dead = s.hotspotDead.enabled ? deadWords(o, s.hotspotDead) : null;
        if (dead) t.deadSince ??= now;
        else t.deadSince = null;
        t.dead = dead;
        const words = s.strain.enabled ? strainWords(o, s.strain) : null;
        if (words) t.strainSince ??= now;
        else t.strainSince = null;
        t.strain = words;
      }

      // Flapping first: while a location flaps, its outages are covered by the flapping alert.
      t.wentDown = t.wentDown.filter((at) => now - at < s.flapping.windowSeconds * 1000);
      const flapping = openOf('flapping', id);
      if (flapping) {
        if (t.wentDown.length === 0) effects.push({ type: 'resolve', incidentId: flapping.id, detail: t.lastUp ? 'stable again, online' : `stable, but ${t.downDetail || 'down'}` });
      }
      else if (s.flapping.enabled && t.wentDown.length >= s.flapping.changes) {
        effects.push({ type: 'open', rule: 'flapping', locations: [id], startedAt: t.wentDown[0]!, detail: `went down ${t.wentDown.length} times in ${Math.round(s.flapping.windowSeconds / 60) || 1} min` });
      }

      const down = openOf('down', id);
      const group = openOf('many-down', id);
      if (down && t.downSince === null && t.lastUp) effects.push({ type: 'resolve', incidentId: down.id, detail: 'back online' });
      else if (!down && !group && !flapping && s.down.enabled && t.downSince !== null && now - t.downSince >= s.down.forSeconds * 1000) {
        if (!(s.flapping.enabled && t.wentDown.length >= s.flapping.changes)) due.push({ id, since: t.downSince });
      }

      const dead = openOf('hotspot-dead', id);
      if (dead && t.lastUp && t.dead === null) effects.push({ type: 'resolve', incidentId: dead.id, detail: `users are back (${o.activeUsers} online)` });
      else if (!dead && t.dead && t.deadSince !== null && now - t.deadSince >= s.hotspotDead.forSeconds * 1000) {
        effects.push({ type: 'open', rule: 'hotspot-dead', locations: [id], startedAt: t.deadSince, detail: t.dead });
      }

      const strain = openOf('strain', id);
      if (strain && t.lastUp && t.strain === null) effects.push({ type: 'resolve', incidentId: strain.id, detail: 'load back to normal' });
      else if (!strain && t.strain && t.strainSince !== null && now - t.strainSince >= s.strain.forSeconds * 1000) {
        effects.push({ type: 'open', rule: 'strain', locations: [id], startedAt: t.strainSince, detail: t.strain });
      }
    }

    // A group resolves when every member is back up.
    for (const g of open.filter((i) => i.rule === 'many-down')) {
      if (g.locations.every((id) => this.trackers.get(id)?.lastUp === true)) effects.push({ type: 'resolve', incidentId: g.id, detail: 'all back online' });
    }

    effects.push(...this.group(due, open, input));
    return effects;
  }

  /** Outages that are due: grouped when many sites went down together, else one alert each. */
  private group(due: Array<{ id: string; since: number }>, open: readonly OpenIncident[], input: StepInput): RuleEffect[] {
    const { fleet } = input;
    const effects: RuleEffect[] = [];
    const single: Array<{ id: string; since: number }> = [];
    const covered = (id: string) => open.some((i) => (i.rule === 'down' || i.rule === 'many-down' || i.rule === 'flapping') && i.locations.includes(id));
    const window = fleet.manySites.withinSeconds * 1000;
    const left = [...due].sort((a, b) => a.since - b.since);
    if (fleet.manySites.enabled) {
      // A straggler that went down within the window of an open group joins it quietly.
      for (const g of open.filter((i) => i.rule === 'many-down')) {
        for (const d of [...left]) {
          if (d.since - g.startedAt <= window && d.since >= g.startedAt - window) {
            effects.push({ type: 'join', incidentId: g.id, location: d.id });
            left.splice(left.indexOf(d), 1);
          }
        }
      }
      while (left.length) {
        const first = left[0]!;
        // Every location down within the window of the first one, due yet or not.
        const members = [...this.trackers]
          .filter(([id, t]) => t.downSince !== null && t.downSince >= first.since && t.downSince - first.since <= window && input.rules(id).down.enabled && !covered(id))
          .map(([id]) => id);
        if (members.length < fleet.manySites.sites) {
          single.push(left.shift()!);
          continue;
        }
        effects.push({ type: 'open', rule: 'many-down', locations: members.sort(), startedAt: first.since, detail: `${members.length} sites down at once` });
        for (const m of members) {
          const i = left.findIndex((d) => d.id === m);
          if (i >= 0) left.splice(i, 1);
        }
      }
    }
    for (const d of [...single, ...left]) {
      const t = this.trackers.get(d.id)!;
      effects.push({ type: 'open', rule: 'down', locations: [d.id], startedAt: d.since, detail: t.downDetail });
    }
    return effects;
  }
}
