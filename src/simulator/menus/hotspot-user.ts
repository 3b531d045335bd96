/**
 * `/ip/hotspot/user`: print, add, set, remove, enable, disable, reset-counters, listen.
 * As on a real router, disabling or removing a user ends none of its sessions: that takes an
 * `/ip/hotspot/active/remove`.
 */
import { parseBoolean, parseDuration } from '../../routeros/values';
import { userRow } from '../format';
import type { HotspotModel } from '../model';
import type { UserPatch } from '../users';
import { CommandTrap, noSuchItem, targetIds, type Command, type Menu } from './types';

const SETTABLE = new Set(['name', 'password', 'profile', 'disabled', 'server', 'mac-address', 'email', 'comment', 'limit-uptime', 'limit-bytes-total']);

/** `00:00:00:00:00:00` is how RouterOS spells "no MAC binding" (the field's default). */
const NO_MAC = '00:00:00:00:00:00';
const UNITS: Record<string, number> = { '': 1, k: 1024, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** `limit-bytes-total`: a byte count, with an optional binary `k`/`M`/`G` as the CLI accepts; 0 = no limit. */
function parseBytes(value: string): number | undefined {
  const m = /^(\d{1,15})([kKMG]?)$/.exec(value);
  return m ? Number(m[1]) * UNITS[m[2]!]! : undefined;
}

function patchFrom(args: Map<string, string>): UserPatch {
  const patch: UserPatch = {};
  for (const [key, value] of args) {
    if (key === '.id' || key === 'numbers') continue;
    if (!SETTABLE.has(key)) throw new CommandTrap(`unknown parameter ${key}`, 1);
    const unset = value === '';
    switch (key) {
      case 'disabled': {
        const b = parseBoolean(value);
        if (b === undefined) throw new CommandTrap('invalid value for argument disabled', 1);
        patch.disabled = b;
        break;
      }
      case 'limit-uptime': {
        const s = unset ? null : parseDuration(value);
        if (s === undefined) throw new CommandTrap('invalid value for argument limit-uptime', 1);
        patch.limitUptimeSeconds = s === null || s === 0 ? null : Math.floor(s);
        break;
      }
      case 'limit-bytes-total': {
        const n = unset ? 0 : parseBytes(value);
        if (n === undefined) throw new CommandTrap('invalid value for argument limit-bytes-total', 1);
        patch.limitBytesTotal = n === 0 ? null : n;
        break;
      }
      case 'mac-address':
        if (!unset && !/^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/.test(value)) throw new CommandTrap('invalid value for argument mac-address', 1);
        patch.mac = unset || value === NO_MAC ? null : value.toUpperCase();
        break;
      case 'email':
      case 'comment':
        patch[key] = unset ? null : value;
        break;
      default:
        (patch as Record<string, string>)[key] = value;
    }
  }
  return patch;
}

function checkProfile(model: HotspotModel, profile: string | undefined): void {
  if (profile !== undefined && !model.findProfile(profile)) throw new CommandTrap('input does not match any value of profile', 1);
}

function resolve(model: HotspotModel, args: Map<string, string>): string[] {
  return targetIds(args).map((ref) => {
    const user = model.findUser(ref);
    if (!user) throw noSuchItem();
    return user.id;
  });
}

function checkUniqueName(model: HotspotModel, name: string | undefined, self?: string): void {
  if (name === undefined) return;
  const other = model.findUser(name);
  if (other && other.id !== self && other.name === name) {
    throw new CommandTrap('failure: already have user with this name for this server');
  }
}

const setDisabled = (disabled: boolean): Command => ({
  write: true,
  run({ model }, args, r) {
    for (const id of resolve(model, args)) model.updateUser(id, { disabled });
    r.done();
  },
});

export const hotspotUser: Menu = {
  items: ({ model }) => model.users().map(userRow),

  listen({ model }, emit) {
    const onChange = (c: Parameters<Parameters<typeof model.on>[1]>[0]) => {
      if (c.menu !== 'user') return;
      emit(c.kind === 'remove' ? { '.id': c.id, '.dead': 'yes' } : userRow(c.item));
    };
    model.on('change', onChange);
    return () => model.off('change', onChange);
  },

  commands: {
    add: {
      write: true,
      run({ model }, args, r) {
        const patch = patchFrom(args);
        if (!patch.name) throw new CommandTrap('failure: name must be set', 1);
        checkProfile(model, patch.profile);
        checkUniqueName(model, patch.name);
        const user = model.addUser({ ...patch, name: patch.name });
        r.done({ ret: user.id });
      },
    },
    set: {
      write: true,
      run({ model }, args, r) {
        const ids = resolve(model, args);
        const patch = patchFrom(args);
        checkProfile(model, patch.profile);
        for (const id of ids) {
          checkUniqueName(model, patch.name, id);
          model.updateUser(id, patch);
        }
        r.done();
      },
    },
    remove: {
      write: true,
      run({ model }, args, r) {
        for (const id of resolve(model, args)) model.removeUser(id);
        r.done();
      },
    },
    'reset-counters': {
      write: true,
      run({ model }, args, r) {
        for (const id of resolve(model, args)) model.resetUserCounters(id);
        r.done();
      },
    },
    enable: setDisabled(false),
    disable: setDisabled(true),
  },
};
