/**
 * What every part of the configuration shares: the environment as read, and the one error that
 * lists every problem found at start, each naming its variable and never repeating a secret.
 */

/** Environment variables as read: names to text. */
export type Env = Readonly<Record<string, string | undefined>>;

const BRAND = Symbol.for('phsweb.hotspot.ConfigError');

export class ConfigError extends Error {
  readonly problems: string[];
  readonly [BRAND] = true;
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }

  /**
   * Recognises a ConfigError from any copy of this module: Next.js bundles the instrumentation
   * hook and each route apart, so `instanceof` fails across them.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
