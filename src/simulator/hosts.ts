/**
 * `/ip/hotspot/host`: every device the hotspot sees. Logged-in sessions appear as authorized
 * hosts; a few devices sit on the login page (unauthorized) and come and go.
 */
import { macAddress } from './names';
import type { Random } from './random';
import type { SimActiveSession, SimHost } from './types';

interface Stranger {
  id: string;
  mac: string;
  address: string;
  since: number;
  leaveAt: number;
}

export class HostTable {
  private readonly rng: Random;
  private readonly strangers: Stranger[] = [];
  private readonly idsBySession = new Map<string, string>();
  private nextId = 1;

  constructor(rng: Random) {
    this.rng = rng;
  }

  step(dt: number, now: number): void {
    for (let i = this.strangers.length - 1; i >= 0; i--) if (this.strangers[i]!.leaveAt <= now) this.strangers.splice(i, 1);
    if (this.strangers.length < 6 && this.rng.chance(Math.min(1, dt / 120))) {
      this.strangers.push({
        id: this.id(),
        mac: macAddress(this.rng),
        address: `10.5.51.${this.rng.int(200, 254)}`,
        since: now,
        leaveAt: now + this.rng.int(30, 900) * 1000,
      });
    }
  }

  clear(): void {
    this.strangers.length = 0;
    this.idsBySession.clear();
  }

  list(sessions: SimActiveSession[], now: number): SimHost[] {
    const live = new Set<string>();
    const hosts: SimHost[] = sessions.map((s) => {
      live.add(s.id);
      let id = this.idsBySession.get(s.id);
      if (!id) this.idsBySession.set(s.id, (id = this.id()));
      return {
        id,
        mac: s.mac,
        address: s.address,
        server: s.server,
        uptimeSeconds: s.uptimeSeconds + 12,
        idleSeconds: s.idleSeconds,
        bytesIn: s.bytesIn,
        bytesOut: s.bytesOut,
        packetsIn: s.packetsIn,
        packetsOut: s.packetsOut,
        authorized: true,
        foundBy: `DHCP lease ${s.address}`,
      };
    });
    for (const key of this.idsBySession.keys()) if (!live.has(key)) this.idsBySession.delete(key);
    for (const x of this.strangers) {
      hosts.push({
        id: x.id,
        mac: x.mac,
        address: x.address,
        server: 'hotspot1',
        uptimeSeconds: Math.floor((now - x.since) / 1000),
        idleSeconds: 0,
        bytesIn: 0,
        bytesOut: 0,
        packetsIn: 0,
        packetsOut: 0,
        authorized: false,
        foundBy: `DHCP lease ${x.address}`,
      });
    }
    return hosts;
  }

  private id(): string {
    return `*${(this.nextId++).toString(16).toUpperCase()}`;
  }
}
