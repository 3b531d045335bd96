/** What a menu module provides to the protocol server, and what it gets from it. */
import type { HotspotModel } from '../model';
import type { PersonalityTraits } from '../personality';
import type { Row } from '../format';

export type { Row };

/** Everything a command may read or change, for one logged-in API session. */
export interface MenuContext {
  model: HotspotModel;
  traits: PersonalityTraits;
  /** The API user's group lacks the `write` policy. */
  readOnly: boolean;
  /** `/system/identity` (mutable by `set`). */
  identity: { name: string };
  /**
   * How far the router's clock has jumped (the `clock-jump` fault), ms: added to every session's
   * `uptime` and, when `routerMs` is set, to `/system/resource` `uptime`. Absent = no jump.
   */
  clockJump?(): { sessionsMs: number; routerMs: number };
}

/** `uptimeSeconds` moved by `ms` (the clock jump), never below zero. */
export function shiftUptime<T extends { uptimeSeconds: number }>(x: T, ms: number): T {
  return ms === 0 ? x : { ...x, uptimeSeconds: Math.max(0, x.uptimeSeconds + Math.trunc(ms / 1000)) };
}

/** Sends replies of one command; the server adds the `.tag`. */
export interface Responder {
  re(row: Row): void;
  done(attrs?: Row): void;
}

/** A trap the command ends with (`!trap =category=N =message=...` then `!done`). */
export class CommandTrap extends Error {
  readonly category: number | undefined;
  constructor(message: string, category?: number) {
    super(message);
    this.category = category;
  }
}

/** Stops a running command (stream); called on `/cancel` or when the connection goes. */
export type Stop = () => void;

export interface Command {
  /** Needs the `write` policy: read-only users get `not enough permissions (9)`. */
  write?: boolean;
  /** Replies through `r`; returns a {@link Stop} when it keeps running (streams). May throw {@link CommandTrap}. */
  run(ctx: MenuContext, args: Map<string, string>, r: Responder): void | Stop;
}

export interface Menu {
  /** Items for `print`/`getall` (query, `.proplist` and `count-only` are applied by the server). */
  items?(ctx: MenuContext): Row[];
  /** Starts a `listen`: `emit` gets full items on change and `{.id, .dead}` on removal. */
  listen?(ctx: MenuContext, emit: (row: Row) => void): Stop;
  commands?: Record<string, Command>;
}

/** `=.id=*1A` or `=numbers=*1A,*1B` (how RouterOS addresses items for set/remove). */
export function targetIds(args: Map<string, string>): string[] {
  const raw = args.get('.id') ?? args.get('numbers');
  if (raw === undefined || raw === '') throw new CommandTrap('missing =.id= or =numbers= argument', 1);
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

export const noSuchItem = () => new CommandTrap('no such item (4)');
