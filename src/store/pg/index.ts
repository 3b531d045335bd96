/**
 * The PostgreSQL store (issue #13): connection, schema, migrations, time partitions (sessions by
 * month, raw samples by day), and `PgStore`, the `StoreApi` on them; see docs/postgresql.md.
 * `../open.ts` picks it by `DATABASE_URL`.
 */
export { describeTarget, openPg, PgStoreError, type PgHandle, type PgOptions } from './connect';
export { migratePg } from './migrate';
export { PG_MIGRATIONS, type PgMigration } from './migrations';
export { dropPartitionsBefore, ensureCurrentPartitions, ensurePartitions, listPartitions, PARTITIONED, type PartitionedTable, type PartitionInfo, type PartitionUnit } from './partitions';
export type { PgTables } from './tables';
export { openPgStore, PgStore, type PgStoreOptions } from './store';
