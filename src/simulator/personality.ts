/**
 * What differs between RouterOS versions, as far as an API client can tell. Everything
 * version-specific in the server and the menus is read from here.
 */
import type { Personality } from './types';

export interface PersonalityTraits {
  /** `version` as `/system/resource/print` shows it. */
  version: string;
  /** Before 6.43 `/login` answers with a challenge `=ret=` and expects `=response=`. */
  challengeLogin: boolean;
  /** The trap message for a rejected login. */
  loginFailure: string;
  /** 7.x put `.tag` right after the reply word, 6.x append it last. */
  tagFirst: boolean;
  /** 7.18+ answer a print with no results with `!empty` before `!done`. */
  emptyReply: boolean;
  /** Dates: `jun/26/2023 00:32:53` before 7.10, `2023-06-26 00:32:53` from 7.10. */
  isoDates: boolean;
  /** Build time of the firmware (epoch ms, UTC). */
  buildTime: number;
}

const TRAITS: Record<Personality, PersonalityTraits> = {
  '6.42': {
    version: '6.42.12 (long-term)',
    challengeLogin: true,
    loginFailure: 'cannot log in',
    tagFirst: false,
    emptyReply: false,
    isoDates: false,
    buildTime: Date.UTC(2019, 1, 8, 11, 46, 32),
  },
  '6.49': {
    version: '6.49.17 (long-term)',
    challengeLogin: false,
    loginFailure: 'invalid user name or password (6)',
    tagFirst: false,
    emptyReply: false,
    isoDates: false,
    buildTime: Date.UTC(2024, 4, 30, 12, 18, 42),
  },
  '7.17': {
    version: '7.17.2 (stable)',
    challengeLogin: false,
    loginFailure: 'invalid user name or password (6)',
    tagFirst: true,
    emptyReply: false,
    isoDates: true,
    buildTime: Date.UTC(2025, 1, 12, 9, 5, 29),
  },
  '7.19': {
    version: '7.19.4 (stable)',
    challengeLogin: false,
    loginFailure: 'invalid user name or password (6)',
    tagFirst: true,
    emptyReply: true,
    isoDates: true,
    buildTime: Date.UTC(2025, 6, 24, 8, 41, 3),
  },
};

export const PERSONALITIES = Object.keys(TRAITS) as Personality[];

export function traits(p: Personality): PersonalityTraits {
  return TRAITS[p];
}

export function isPersonality(text: string): text is Personality {
  return Object.hasOwn(TRAITS, text);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const two = (n: number) => String(n).padStart(2, '0');

/**
 * A router date-time in the personality's format. Routers print local wall-clock time without a
 * zone; the simulator uses the process's local time, like its daily rhythm.
 */
export function formatRouterDate(epochMs: number, isoDates: boolean, utc = false): string {
  const d = new Date(epochMs);
  const [y, mo, day, h, mi, s] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  const time = `${two(h)}:${two(mi)}:${two(s)}`;
  return isoDates ? `${y}-${two(mo + 1)}-${two(day)} ${time}` : `${MONTHS[mo]}/${two(day)}/${y} ${time}`;
}
