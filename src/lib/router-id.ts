/**
 * The id a router added in the dashboard gets from its name unless one is typed: one rule for the
 * form that shows it and the server that stores it.
 */

/** `Port Harcourt (main)` → `port-harcourt-main`. */
export function idFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}
