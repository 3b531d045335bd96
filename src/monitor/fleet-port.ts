/**
 * The port between the web and the fleet: everything pages, API routes, live streams, alerts,
 * vouchers and metrics use of the monitor. Two things implement it:
 *
 * - {@link FleetMonitor} itself, in the process that polls (tests, and the collector thread);
 * - the web's replica of a collector thread (`src/collector/replica.ts`), which keeps the live
 *   picture from the collector's messages and hands every router action to it.
 *
 * Reads are synchronous and answered from memory; anything that talks to a router is a promise.
 */
import type { FleetEvent, KickResult, LocationDetail, LocationSummary } from '@/lib/types';
import type { HotspotProfile, HotspotUser, HotspotUserInput, HotspotUserPage, HotspotUserQuery, NewHotspotUser, RouterAction } from '@/lib/hotspot-users';
import type { LocationConfig } from '@/config';
import type { HistoryStatus } from './history-buffer';
import type { PollProgress, PollRecord, WanCounters } from './poller-options';

export interface FleetEvents {
  event: [FleetEvent];
  /** Every finished poll attempt, for the process's metrics. Not a change of the live picture. */
  poll: [PollRecord];
}

export interface Fleet {
  on<K extends keyof FleetEvents>(event: K, listener: (...args: FleetEvents[K]) => void): unknown;
  off<K extends keyof FleetEvents>(event: K, listener: (...args: FleetEvents[K]) => void): unknown;

  readonly locationIds: string[];
  has(id: string): boolean;
  list(): LocationSummary[];
  get(id: string): LocationDetail | undefined;
  /** Each location's WAN byte counters as of its last good poll (those without are left out). */
  wanCounters(): Map<string, WanCounters>;
  /** Whether history is being recorded: ok, or failing since when and why. */
  historyStatus(): HistoryStatus;
  /** How each location's polling keeps its beat. */
  pollProgress(): PollProgress[];

  /**
   * Starts monitoring a location added at run time; throws at once when its id is taken. Viewers
   * see it (pending) without waiting for its first poll.
   */
  addLocation(location: LocationConfig): void;
  updateLocation(location: LocationConfig): Promise<void>;
  removeLocation(id: string): Promise<boolean>;

  refresh(id?: string | readonly string[]): Promise<LocationSummary[]>;
  kick(id: string, sessionId: string): Promise<KickResult>;
  hotspotUsers(id: string, options?: { maxAgeMs?: number }): Promise<RouterAction<HotspotUser[]> & { readAt?: number }>;
  /** One page of users across locations, filtered where the lists are kept (plain data both ways). */
  queryHotspotUsers(query: HotspotUserQuery): Promise<HotspotUserPage>;
  hotspotUser(id: string, ref: string): Promise<RouterAction<HotspotUser>>;
  hotspotProfiles(id: string, options?: { maxAgeMs?: number }): Promise<RouterAction<HotspotProfile[]>>;
  addHotspotUser(id: string, input: NewHotspotUser): Promise<RouterAction<HotspotUser>>;
  updateHotspotUser(id: string, ref: string, input: HotspotUserInput): Promise<RouterAction<HotspotUser>>;
  setHotspotUserDisabled(id: string, ref: string, disabled: boolean): Promise<RouterAction<HotspotUser>>;
  resetHotspotUserCounters(id: string, ref: string): Promise<RouterAction<HotspotUser>>;
  removeHotspotUser(id: string, ref: string): Promise<RouterAction<HotspotUser>>;
  kickHotspotUser(id: string, name: string): Promise<RouterAction<KickResult[]>>;
}

/** The router actions a replica hands to its collector, by name: what crosses the thread boundary. */
export const FLEET_ACTIONS = [
  'refresh',
  'kick',
  'hotspotUsers',
  'queryHotspotUsers',
  'hotspotUser',
  'hotspotProfiles',
  'addHotspotUser',
  'updateHotspotUser',
  'setHotspotUserDisabled',
  'resetHotspotUserCounters',
  'removeHotspotUser',
  'kickHotspotUser',
  'updateLocation',
  'removeLocation',
] as const satisfies ReadonlyArray<keyof Fleet>;

export type FleetAction = (typeof FLEET_ACTIONS)[number];
