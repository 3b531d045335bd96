/** The menu table: command path prefix → menu. Anything else is an unknown path. */
import { hotspotActive } from './hotspot-active';
import { hotspotHost, log } from './hotspot-host';
import { hotspotUser } from './hotspot-user';
import { hotspotUserProfile } from './hotspot-user-profile';
import { interfaces } from './interface';
import { systemIdentity, systemResource } from './system';
import type { Menu } from './types';

export const MENUS: ReadonlyMap<string, Menu> = new Map([
  ['/system/identity', systemIdentity],
  ['/system/resource', systemResource],
  ['/interface', interfaces],
  ['/ip/hotspot/active', hotspotActive],
  ['/ip/hotspot/user', hotspotUser],
  ['/ip/hotspot/user/profile', hotspotUserProfile],
  ['/ip/hotspot/host', hotspotHost],
  ['/log', log],
]);

export * from './types';
