/**
 * The simulated router's box: board, CPU, memory and disk, and the interface counters that the
 * hotspot traffic flows through. Counters reset on reboot.
 */
import type { Random } from './random';
import type { Traffic } from './session';
import type { SimInterface } from './types';

export interface Board {
  boardName: string;
  architectureName: string;
  cpu: string;
  cpuCount: number;
  cpuFrequency: number;
  totalMemory: number;
  totalHddSpace: number;
  /** Traffic (bits/s) at which the CPU would sit near 80 %. */
  capacityBps: number;
}

const MiB = 1024 * 1024;

const BOARDS: Board[] = [
  { boardName: 'CCR1036-8G-2S+', architectureName: 'tile', cpu: 'tilegx', cpuCount: 36, cpuFrequency: 1200, totalMemory: 4096 * MiB, totalHddSpace: 1024 * MiB, capacityBps: 8e9 },
  { boardName: 'RB4011iGS+', architectureName: 'arm', cpu: 'ARMv7', cpuCount: 4, cpuFrequency: 1400, totalMemory: 1024 * MiB, totalHddSpace: 512 * MiB, capacityBps: 2e9 },
  { boardName: 'CCR2004-16G-2S+', architectureName: 'arm64', cpu: 'ARM64', cpuCount: 4, cpuFrequency: 1700, totalMemory: 4096 * MiB, totalHddSpace: 128 * MiB, capacityBps: 4e9 },
  { boardName: 'hEX S', architectureName: 'mmips', cpu: 'MIPS 1004Kc V2.15', cpuCount: 4, cpuFrequency: 880, totalMemory: 256 * MiB, totalHddSpace: 16 * MiB, capacityBps: 4e8 },
];

export function pickBoard(rng: Random): Board {
  return rng.pick(BOARDS);
}

/** Cumulative counters of one interface since boot. */
interface Counters {
  rxByte: number;
  txByte: number;
  rxPacket: number;
  txPacket: number;
  rxBps: number;
  txBps: number;
  rxPps: number;
  txPps: number;
}

const zero = (): Counters => ({ rxByte: 0, txByte: 0, rxPacket: 0, txPacket: 0, rxBps: 0, txBps: 0, rxPps: 0, txPps: 0 });

/**
 * `ether1` is the WAN (downloads arrive there), `ether2` the hotspot LAN port, `bridge-hotspot`
 * the bridge the hotspot server runs on. Bytes of the sessions flow through all three; WAN adds
 * protocol overhead and background traffic (DNS, NTP, the API itself).
 */
export class Interfaces {
  private readonly wan = zero();
  private readonly lan = zero();
  private readonly bridge = zero();
  private readonly macs: string[];

  constructor(macs: string[]) {
    this.macs = macs;
  }

  /**
   * Adds one model step of hotspot traffic. `up*` flows from clients (session bytes-in), `down*`
   * towards them (session bytes-out).
   */
  add(dtSeconds: number, t: Traffic, rng: Random): void {
    const { up: upBytes, down: downBytes, upPackets, downPackets } = t;
    const bgBytes = 300 * dtSeconds * (0.5 + rng.next());
    const bgPackets = bgBytes / 120;
    const overhead = 1.04;
    this.count(this.wan, dtSeconds, downBytes * overhead + bgBytes, upBytes * overhead + bgBytes, downPackets + bgPackets, upPackets + bgPackets);
    this.count(this.lan, dtSeconds, upBytes, downBytes, upPackets, downPackets);
    this.count(this.bridge, dtSeconds, upBytes, downBytes, upPackets, downPackets);
  }

  private count(c: Counters, dt: number, rx: number, tx: number, rxp: number, txp: number): void {
    c.rxByte += rx;
    c.txByte += tx;
    c.rxPacket += rxp;
    c.txPacket += txp;
    if (dt > 0) {
      c.rxBps = (rx * 8) / dt;
      c.txBps = (tx * 8) / dt;
      c.rxPps = rxp / dt;
      c.txPps = txp / dt;
    }
  }

  reset(): void {
    for (const c of [this.wan, this.lan, this.bridge]) Object.assign(c, zero());
  }

  /** WAN receive rate in bits/s (what the CPU load follows). */
  get throughputBps(): number {
    return this.wan.rxBps + this.wan.txBps;
  }

  list(): SimInterface[] {
    const row = (id: string, name: string, type: string, mac: string, c: Counters, comment?: string): SimInterface => ({
      id,
      name,
      type,
      running: true,
      disabled: false,
      mtu: 1500,
      macAddress: mac,
      ...(comment ? { comment } : {}),
      rxByte: Math.floor(c.rxByte),
      txByte: Math.floor(c.txByte),
      rxPacket: Math.floor(c.rxPacket),
      txPacket: Math.floor(c.txPacket),
      rxBitsPerSecond: Math.round(c.rxBps),
      txBitsPerSecond: Math.round(c.txBps),
      rxPacketsPerSecond: Math.round(c.rxPps),
      txPacketsPerSecond: Math.round(c.txPps),
    });
    return [
      row('*1', 'ether1', 'ether', this.macs[0]!, this.wan, 'WAN'),
      row('*2', 'ether2', 'ether', this.macs[1]!, this.lan),
      row('*3', 'bridge-hotspot', 'bridge', this.macs[1]!, this.bridge),
    ];
  }
}
