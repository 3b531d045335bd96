/** Types of `listen.mjs` (plain JavaScript so `server.mjs` can read it before Next.js starts). */
export function parseTrustedProxies(raw: string | undefined): number | null;
export interface ListenOptions {
  port: number;
  hostname: string;
  dev: boolean;
  trustedProxies: number;
  problems: string[];
}
export function readListenOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ListenOptions;
