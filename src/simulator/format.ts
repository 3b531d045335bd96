/**
 * Ground truth to wire rows: RouterOS property names and value formats (durations `1h2m3s`,
 * booleans `true`/`false`, ids `*1A`, plain decimal counters). Unset properties are omitted.
 */
import { formatDuration } from '../routeros/values';
import { formatRouterDate, type PersonalityTraits } from './personality';
import type { SimActiveSession, SimHost, SimInterface, SimLogEntry, SimProfile, SimResources, SimUser } from './types';

export type Row = Record<string, string>;

const bool = (b: boolean) => (b ? 'true' : 'false');
const dur = (s: number) => formatDuration(s);

export function activeRow(s: SimActiveSession): Row {
  const row: Row = {
    '.id': s.id,
    server: s.server,
    user: s.user,
    address: s.address,
    'mac-address': s.mac,
    'login-by': s.loginBy,
    uptime: dur(s.uptimeSeconds),
    'idle-time': dur(s.idleSeconds),
  };
  if (s.sessionTimeLeftSeconds !== undefined) row['session-time-left'] = dur(s.sessionTimeLeftSeconds);
  // On an active entry a byte limit is what is left of it for this session.
  if (s.limitBytesTotalLeft !== undefined) row['limit-bytes-total'] = String(s.limitBytesTotalLeft);
  Object.assign(row, {
    'keepalive-timeout': '2m',
    'bytes-in': String(s.bytesIn),
    'bytes-out': String(s.bytesOut),
    'packets-in': String(s.packetsIn),
    'packets-out': String(s.packetsOut),
    radius: 'false',
  });
  return row;
}

export function userRow(u: SimUser): Row {
  const row: Row = { '.id': u.id, server: u.server ?? 'all', name: u.name, password: u.password, profile: u.profile };
  if (u.mac !== undefined) row['mac-address'] = u.mac;
  if (u.email !== undefined) row.email = u.email;
  if (u.limitUptimeSeconds !== undefined) row['limit-uptime'] = dur(u.limitUptimeSeconds);
  if (u.limitBytesTotal !== undefined) row['limit-bytes-total'] = String(u.limitBytesTotal);
  Object.assign(row, {
    uptime: dur(u.uptimeSeconds),
    'bytes-in': String(u.bytesIn),
    'bytes-out': String(u.bytesOut),
    'packets-in': String(u.packetsIn),
    'packets-out': String(u.packetsOut),
    dynamic: 'false',
    disabled: bool(u.disabled),
  });
  if (u.comment !== undefined) row.comment = u.comment;
  return row;
}

/** `/ip/hotspot/user/profile/print`: `idle-timeout=none` and `shared-users=unlimited` in words, as the router prints them. */
export function profileRow(p: SimProfile): Row {
  const row: Row = { '.id': p.id, name: p.name };
  if (p.sessionTimeoutSeconds !== undefined) row['session-timeout'] = dur(p.sessionTimeoutSeconds);
  Object.assign(row, {
    'idle-timeout': p.idleTimeoutSeconds === undefined ? 'none' : dur(p.idleTimeoutSeconds),
    'keepalive-timeout': dur(p.keepaliveTimeoutSeconds),
    'status-autorefresh': dur(p.statusAutorefreshSeconds),
    'shared-users': p.sharedUsers === 0 ? 'unlimited' : String(p.sharedUsers),
  });
  if (p.rateLimit !== undefined) row['rate-limit'] = p.rateLimit;
  Object.assign(row, {
    'add-mac-cookie': bool(p.addMacCookie),
    'mac-cookie-timeout': dur(p.macCookieTimeoutSeconds),
    'address-list': '',
    'transparent-proxy': 'false',
    'open-status-page': 'always',
    default: bool(p.isDefault),
  });
  return row;
}

export function hostRow(h: SimHost): Row {
  return {
    '.id': h.id,
    'mac-address': h.mac,
    address: h.address,
    'to-address': h.address,
    server: h.server,
    uptime: dur(h.uptimeSeconds),
    'idle-time': dur(h.idleSeconds),
    'keepalive-timeout': '2m',
    'host-dead-time': dur(h.idleSeconds),
    'bytes-in': String(h.bytesIn),
    'bytes-out': String(h.bytesOut),
    'packets-in': String(h.packetsIn),
    'packets-out': String(h.packetsOut),
    'found-by': h.foundBy,
    authorized: bool(h.authorized),
    bypassed: 'false',
    DHCP: 'true',
    dynamic: 'true',
  };
}

export function interfaceRow(i: SimInterface): Row {
  const row: Row = {
    '.id': i.id,
    name: i.name,
    'default-name': i.type === 'ether' ? i.name : '',
    type: i.type,
    mtu: String(i.mtu),
    'actual-mtu': String(i.mtu),
    'mac-address': i.macAddress,
    'rx-byte': String(i.rxByte),
    'tx-byte': String(i.txByte),
    'rx-packet': String(i.rxPacket),
    'tx-packet': String(i.txPacket),
    'rx-drop': '0',
    'tx-drop': '0',
    'rx-error': '0',
    'tx-error': '0',
    running: bool(i.running),
    disabled: bool(i.disabled),
  };
  if (!row['default-name']) delete row['default-name'];
  if (i.comment !== undefined) row.comment = i.comment;
  return row;
}

export function trafficRow(i: SimInterface): Row {
  return {
    name: i.name,
    'rx-packets-per-second': String(i.rxPacketsPerSecond),
    'rx-bits-per-second': String(i.rxBitsPerSecond),
    'fp-rx-packets-per-second': '0',
    'fp-rx-bits-per-second': '0',
    'rx-drops-per-second': '0',
    'rx-errors-per-second': '0',
    'tx-packets-per-second': String(i.txPacketsPerSecond),
    'tx-bits-per-second': String(i.txBitsPerSecond),
    'fp-tx-packets-per-second': '0',
    'fp-tx-bits-per-second': '0',
    'tx-drops-per-second': '0',
    'tx-queue-drops-per-second': '0',
    'tx-errors-per-second': '0',
  };
}

export function resourceRow(r: SimResources): Row {
  return {
    uptime: dur(r.uptimeSeconds),
    version: r.version,
    'build-time': r.buildTime,
    'factory-software': r.version.split(' ')[0]!.replace(/\.\d+$/, '.1'),
    'free-memory': String(r.freeMemory),
    'total-memory': String(r.totalMemory),
    cpu: r.cpu,
    'cpu-count': String(r.cpuCount),
    'cpu-frequency': String(r.cpuFrequency),
    'cpu-load': String(r.cpuLoad),
    'free-hdd-space': String(r.freeHddSpace),
    'total-hdd-space': String(r.totalHddSpace),
    'architecture-name': r.architectureName,
    'board-name': r.boardName,
    platform: r.platform,
  };
}

/**
 * `/log/print` rows. Entries of the router's current day show only the time (`21:05:13`), older
 * ones carry the date in the personality's format.
 */
export function logRow(e: SimLogEntry, now: number, t: PersonalityTraits): Row {
  const full = formatRouterDate(e.time, t.isoDates);
  const today = formatRouterDate(now, t.isoDates).split(' ')[0];
  const [day, time] = full.split(' ');
  const shown = day === today ? time! : t.isoDates ? full : `${day!.slice(0, 6)} ${time}`;
  return { '.id': e.id, time: shown, topics: e.topics, message: e.message };
}
