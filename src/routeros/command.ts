/**
 * How a command becomes words: the path, `=key=value` per argument, query words, then `.tag`.
 *
 *   /ip/hotspot/active/print  =.proplist=user,address  ?user=bob  .tag=7
 */
import type { ArgValue } from './types';

/** Paths are accepted with or without the leading `/`. */
export function normalizePath(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

/**
 * The words of one command. Booleans become `true`/`false`, numbers decimal text; `.proplist`,
 * `.id` and the like are ordinary keys. Undefined values (possible from untyped callers) are left
 * out rather than sent as the text `undefined`.
 */
export function commandWords(path: string, args: Record<string, ArgValue>, query: readonly string[] = [], tag?: string): string[] {
  const words = [normalizePath(path)];
  for (const [key, value] of Object.entries(args)) {
    if (value !== undefined) words.push(`=${key}=${String(value)}`);
  }
  words.push(...query);
  if (tag !== undefined) words.push(`.tag=${tag}`);
  return words;
}
