/**
 * PostgreSQL for the store's tests. Not part of the store's API.
 *
 * The server comes from `PHSWEB_TEST_DATABASE_URL`, which `scripts/test-postgres.sh` sets (it
 * starts a throwaway cluster; `npm run test:unit` runs through it). Each test file works in
 * schemas of its own, dropped afterwards, so files running in parallel never meet. Without the
 * URL the PostgreSQL tests skip and say why, except under CI, where they fail.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, it } from 'vitest';
import { openPg, type PgHandle } from './connect';

/** The test server's URL, or undefined when the tests run without one. */
export const PG_TEST_URL = process.env.PHSWEB_TEST_DATABASE_URL?.trim() || undefined;

/**
 * The test server's URL with `schema` as its search path (`?options=-csearch_path=<schema>`): a
 * `DATABASE_URL` as an operator writes one for a schema of their own.
 */
export function pgUrlFor(schema: string): string {
  const url = new URL(PG_TEST_URL!);
  url.searchParams.set('options', `-csearch_path=${schema}`);
  return url.href;
}

const MISSING = 'PHSWEB_TEST_DATABASE_URL is not set: run through `npm run test:unit` or `bash scripts/test-postgres.sh npx vitest run <files>`';

/**
 * `describe` for tests that need PostgreSQL. Without a server: skipped, with the reason in the
 * suite's name (and on stderr); under CI (`CI=true`) one failing test instead, so a CI that lost
 * its PostgreSQL cannot pass by skipping.
 */
export function describePg(name: string, body: () => void): void {
  if (PG_TEST_URL) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('has a PostgreSQL server to test against', () => {
        throw new Error(`${MISSING} (CI must run the PostgreSQL tests)`);
      });
    });
  } else {
    process.stderr.write(`skipping "${name}": ${MISSING}\n`);
    describe.skip(`${name} (skipped: ${MISSING})`, body);
  }
}

/**
 * Per file: `schema()` names a new schema (created by the first `migratePg` on it, or `create`),
 * `open(schema)` opens a pool on it. Pools are closed after each test; the schemas are dropped
 * after the file.
 */
export function usePgSchemas(): { schema: () => string; open: (schema: string, options?: { max?: number }) => Promise<PgHandle> } {
  const schemas: string[] = [];
  const handles: PgHandle[] = [];
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.close()));
  });
  afterAll(async () => {
    if (!PG_TEST_URL || schemas.length === 0) return;
    const admin = await openPg({ url: PG_TEST_URL, max: 1 });
    try {
      for (const s of schemas) await admin.pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    } finally {
      await admin.close();
    }
  });
  return {
    schema: () => {
      const s = `t_${randomBytes(6).toString('hex')}`;
      schemas.push(s);
      return s;
    },
    open: async (schema, options = {}) => {
      const h = await openPg({ url: PG_TEST_URL!, schema, max: options.max ?? 3 });
      handles.push(h);
      return h;
    },
  };
}
