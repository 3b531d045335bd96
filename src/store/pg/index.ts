/**
 * The PostgreSQL foundation of the store (issue #13): connection, schema, migrations and monthly
 * partitions. There is no PostgreSQL `Store` yet; see docs/postgresql.md.
 */
export { describeTarget, openPg, PgStoreError, type PgHandle, type PgOptions } from './connect';
export { migratePg } from './migrate';
export { PG_MIGRATIONS, type PgMigration } from './migrations';
export { dropPartitionsBefore, ensureCurrentPartitions, ensurePartitions, listPartitions, PARTITIONED, type PartitionedTable, type PartitionInfo } from './partitions';
export type { PgTables } from './tables';
