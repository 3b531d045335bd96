/**
 * PostgreSQL schema migrations, numbered on their own (PostgreSQL has tables SQLite does not).
 * Append only, like `../migrations.ts`: a migration that has shipped is never edited.
 *
 * Migration 1 is the SQLite schema as of its migration 6, table for table and column for column,
 * so the PostgreSQL store can share the row mapping of the SQLite one. How types map:
 * - INTEGER timestamps (ms), ids, byte and packet counters: BIGINT (read back as numbers, see
 *   `connect.ts`); small counts and settings in seconds: INTEGER. REAL: DOUBLE PRECISION.
 * - 0/1 flags (`disabled`, `enabled`, `tls`): SMALLINT with the same CHECK, not BOOLEAN, so rows
 *   read the same from both stores.
 * - `INTEGER PRIMARY KEY` ids: identity columns (sessions: a bigserial, as a partitioned table
 *   cannot have an identity column before PostgreSQL 17).
 * - `COLLATE NOCASE` columns (`accounts.username`, `alert_channels.name`, `voucher_brands.name`,
 *   `sessions.mac`): plain TEXT with a unique or plain index on `lower(col)`; queries compare
 *   `lower(col) = lower($1)`. SQLite's `LIKE` is case-insensitive: use `ILIKE`.
 * - JSON kept as text and only returned (settings, channel config, payloads, plans): TEXT as in
 *   SQLite. Location lists that queries look inside: JSONB (`locations ?| $1`).
 * - Sealed secrets (`routers.password_sealed`, `alert_channels.secret`): TEXT, the same sealed text.
 * - `sessions.user` and `routers.user` keep their name; `user` is reserved, so it is quoted.
 * `sessions` and `samples` are range-partitioned by month (`partitions-sql.ts`); migration 5 moves
 * `samples` to daily partitions.
 */
import { PARTITION_FUNCTIONS_SQL, PARTITION_UNIT_FUNCTIONS_SQL } from './partitions-sql';

export interface PgMigration {
  /** 1, 2, 3... without gaps; recorded in the `migrations` table once applied. */
  version: number;
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'the SQLite schema (its migrations 1-6), sessions and samples partitioned by month',
    sql: `
      ${PARTITION_FUNCTIONS_SQL}

      -- Partitioned by login time: PRIMARY KEY must hold the partition key. Updates by id alone
      -- still work (one index probe per partition); adding login_at lets PostgreSQL skip months.
      CREATE TABLE sessions (
        id          BIGSERIAL,
        location    TEXT    NOT NULL,
        router_id   TEXT    NOT NULL,
        "user"      TEXT    NOT NULL,
        mac         TEXT    NOT NULL,
        address     TEXT    NOT NULL,
        login_by    TEXT    NOT NULL DEFAULT '',
        server      TEXT    NOT NULL DEFAULT '',
        login_at    BIGINT  NOT NULL,
        first_seen  BIGINT  NOT NULL,
        last_seen   BIGINT  NOT NULL,
        logout_at   BIGINT,
        bytes_in    BIGINT  NOT NULL DEFAULT 0,
        bytes_out   BIGINT  NOT NULL DEFAULT 0,
        packets_in  BIGINT  NOT NULL DEFAULT 0,
        packets_out BIGINT  NOT NULL DEFAULT 0,
        end_reason  TEXT,
        CHECK ((logout_at IS NULL) = (end_reason IS NULL)),
        PRIMARY KEY (id, login_at)
      ) PARTITION BY RANGE (login_at);
      CREATE INDEX sessions_open ON sessions (location, router_id) WHERE logout_at IS NULL;
      CREATE INDEX sessions_open_login ON sessions (login_at) WHERE logout_at IS NULL;
      CREATE INDEX sessions_location_login ON sessions (location, login_at);
      CREATE INDEX sessions_login ON sessions (login_at);
      CREATE INDEX sessions_mac ON sessions (lower(mac));
      CREATE INDEX sessions_address ON sessions (address);
      CREATE INDEX sessions_logout ON sessions (logout_at) WHERE logout_at IS NOT NULL;
      CREATE INDEX sessions_user ON sessions ("user", login_at);

      CREATE TABLE samples (
        location    TEXT    NOT NULL,
        at          BIGINT  NOT NULL,
        active      INTEGER NOT NULL,
        total_users INTEGER NOT NULL,
        cpu         DOUBLE PRECISION,
        mem_used    BIGINT,
        mem_total   BIGINT,
        rx_bps      DOUBLE PRECISION,
        tx_bps      DOUBLE PRECISION,
        rx_bytes    BIGINT,
        tx_bytes    BIGINT,
        online      SMALLINT NOT NULL,
        PRIMARY KEY (location, at)
      ) PARTITION BY RANGE (at);
      CREATE INDEX samples_at ON samples (at);

      CREATE TABLE rollups (
        location     TEXT    NOT NULL,
        resolution   TEXT    NOT NULL CHECK (resolution IN ('hour', 'day')),
        bucket_start BIGINT  NOT NULL,
        samples      INTEGER NOT NULL,
        active_avg   DOUBLE PRECISION NOT NULL,
        active_max   INTEGER NOT NULL,
        cpu_avg      DOUBLE PRECISION,
        cpu_samples  INTEGER NOT NULL,
        rx_bytes     BIGINT  NOT NULL,
        tx_bytes     BIGINT  NOT NULL,
        rx_bps_max   DOUBLE PRECISION,
        tx_bps_max   DOUBLE PRECISION,
        online_ratio DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (location, resolution, bucket_start)
      );
      CREATE INDEX rollups_resolution_bucket ON rollups (resolution, bucket_start);

      CREATE TABLE router_events (
        id       BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        location TEXT    NOT NULL,
        at       BIGINT  NOT NULL,
        status   TEXT    NOT NULL,
        reason   TEXT
      );
      CREATE INDEX router_events_location_at ON router_events (location, at);
      CREATE INDEX router_events_at ON router_events (at);

      CREATE TABLE store_meta (
        key   TEXT   PRIMARY KEY,
        value BIGINT NOT NULL
      );

      CREATE TABLE accounts (
        id                  BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        username            TEXT    NOT NULL,
        password_hash       TEXT    NOT NULL,
        role                TEXT    NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        -- JSON array of location ids; NULL means every location.
        locations           JSONB,
        disabled            SMALLINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at          BIGINT  NOT NULL,
        updated_at          BIGINT  NOT NULL,
        password_changed_at BIGINT  NOT NULL,
        last_login_at       BIGINT
      );
      CREATE UNIQUE INDEX accounts_username ON accounts (lower(username));

      CREATE TABLE auth_sessions (
        id_hash      TEXT    PRIMARY KEY,
        account_id   BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        created_at   BIGINT  NOT NULL,
        last_seen_at BIGINT  NOT NULL,
        expires_at   BIGINT  NOT NULL,
        address      TEXT    NOT NULL DEFAULT '',
        user_agent   TEXT    NOT NULL DEFAULT ''
      );
      CREATE INDEX auth_sessions_account ON auth_sessions (account_id);
      CREATE INDEX auth_sessions_expires ON auth_sessions (expires_at);

      CREATE TABLE api_tokens (
        id           BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        name         TEXT    NOT NULL,
        token_hash   TEXT    NOT NULL UNIQUE,
        prefix       TEXT    NOT NULL,
        role         TEXT    NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        locations    JSONB,
        created_by   BIGINT  REFERENCES accounts (id) ON DELETE SET NULL,
        created_at   BIGINT  NOT NULL,
        last_used_at BIGINT,
        revoked_at   BIGINT
      );

      CREATE TABLE audit_log (
        id         BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        at         BIGINT  NOT NULL,
        actor      TEXT    NOT NULL,
        actor_kind TEXT    NOT NULL CHECK (actor_kind IN ('account', 'token', 'anonymous', 'system')),
        address    TEXT    NOT NULL DEFAULT '',
        action     TEXT    NOT NULL,
        target     TEXT    NOT NULL DEFAULT '',
        result     TEXT    NOT NULL CHECK (result IN ('ok', 'denied', 'failed')),
        detail     TEXT    NOT NULL DEFAULT ''
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      -- The audit query filters on the actor case-insensitively (SQLite: actor = ? COLLATE NOCASE).
      CREATE INDEX audit_log_actor_at ON audit_log (lower(actor), at);

      CREATE TABLE alert_settings (
        scope      TEXT    PRIMARY KEY,
        body       TEXT    NOT NULL,
        updated_at BIGINT  NOT NULL
      );

      CREATE TABLE alert_channels (
        id            BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        name          TEXT    NOT NULL,
        kind          TEXT    NOT NULL CHECK (kind IN ('telegram', 'email', 'webhook')),
        enabled       SMALLINT NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        config        TEXT    NOT NULL,
        -- Sealed by secret-box.ts, as in SQLite; never returned.
        secret        TEXT,
        created_at    BIGINT  NOT NULL,
        updated_at    BIGINT  NOT NULL,
        failures      INTEGER NOT NULL DEFAULT 0,
        last_error    TEXT,
        last_ok_at    BIGINT,
        last_error_at BIGINT
      );
      CREATE UNIQUE INDEX alert_channels_name ON alert_channels (lower(name));

      CREATE TABLE alert_incidents (
        id             BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        rule           TEXT    NOT NULL,
        severity       TEXT    NOT NULL CHECK (severity IN ('critical', 'warning')),
        locations      JSONB   NOT NULL,
        detail         TEXT    NOT NULL,
        started_at     BIGINT  NOT NULL,
        opened_at      BIGINT  NOT NULL,
        resolved_at    BIGINT,
        resolve_detail TEXT,
        acked_at       BIGINT,
        acked_by       TEXT,
        reminders      INTEGER NOT NULL DEFAULT 0,
        reminded_at    BIGINT
      );
      CREATE INDEX alert_incidents_open ON alert_incidents (opened_at) WHERE resolved_at IS NULL;
      CREATE INDEX alert_incidents_opened ON alert_incidents (opened_at);

      CREATE TABLE alert_outbox (
        id          BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        incident_id BIGINT  REFERENCES alert_incidents (id) ON DELETE CASCADE,
        channel_id  BIGINT  NOT NULL REFERENCES alert_channels (id) ON DELETE CASCADE,
        kind        TEXT    NOT NULL CHECK (kind IN ('open', 'resolved', 'reminder', 'test')),
        severity    TEXT    NOT NULL,
        text        TEXT    NOT NULL,
        payload     TEXT    NOT NULL,
        state       TEXT    NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'suppressed')),
        attempts    INTEGER NOT NULL DEFAULT 0,
        next_at     BIGINT  NOT NULL,
        created_at  BIGINT  NOT NULL,
        sent_at     BIGINT,
        last_error  TEXT
      );
      CREATE INDEX alert_outbox_due ON alert_outbox (next_at) WHERE state = 'pending';
      CREATE INDEX alert_outbox_incident ON alert_outbox (incident_id);

      CREATE TABLE routers (
        id              TEXT    PRIMARY KEY,
        name            TEXT    NOT NULL,
        host            TEXT    NOT NULL,
        port            INTEGER NOT NULL,
        tls             SMALLINT NOT NULL DEFAULT 0 CHECK (tls IN (0, 1)),
        "user"          TEXT    NOT NULL,
        -- SecretBox-sealed, as in SQLite; the key is not in the database.
        password_sealed TEXT    NOT NULL,
        interface       TEXT,
        poll_interval_s INTEGER,
        address         TEXT    NOT NULL DEFAULT '',
        lat             DOUBLE PRECISION,
        lon             DOUBLE PRECISION,
        notes           TEXT    NOT NULL DEFAULT '',
        disabled        SMALLINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at      BIGINT  NOT NULL,
        updated_at      BIGINT  NOT NULL
      );

      CREATE TABLE voucher_brands (
        id         BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        name       TEXT    NOT NULL,
        colour     TEXT    NOT NULL,
        logo_text  TEXT    NOT NULL,
        login_url  TEXT    NOT NULL,
        footer     TEXT    NOT NULL DEFAULT '',
        created_at BIGINT  NOT NULL,
        updated_at BIGINT  NOT NULL
      );
      CREATE UNIQUE INDEX voucher_brands_name ON voucher_brands (lower(name));

      CREATE TABLE voucher_batches (
        id                BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        name              TEXT    NOT NULL,
        prefix            TEXT    NOT NULL,
        code_length       INTEGER NOT NULL,
        count             INTEGER NOT NULL,
        profile           TEXT    NOT NULL,
        limit_uptime_s    BIGINT,
        limit_bytes_total BIGINT,
        validity_s        BIGINT,
        validity_from     TEXT    NOT NULL CHECK (validity_from IN ('first-use', 'creation')),
        price             DOUBLE PRECISION NOT NULL,
        currency          TEXT    NOT NULL,
        locations         JSONB   NOT NULL,
        brand_id          BIGINT  REFERENCES voucher_brands (id) ON DELETE SET NULL,
        created_at        BIGINT  NOT NULL,
        created_by        TEXT    NOT NULL
      );
      CREATE INDEX voucher_batches_created ON voucher_batches (created_at);

      CREATE TABLE vouchers (
        code            TEXT    PRIMARY KEY,
        batch_id        BIGINT  NOT NULL REFERENCES voucher_batches (id),
        state           TEXT    NOT NULL CHECK (state IN ('unused', 'in-use', 'used-up', 'expired')),
        created_at      BIGINT  NOT NULL,
        first_used_at   BIGINT,
        first_location  TEXT,
        online_location TEXT,
        online_since    BIGINT,
        last_seen_at    BIGINT,
        expires_at      BIGINT,
        finished_at     BIGINT,
        used_seconds    BIGINT  NOT NULL DEFAULT 0,
        used_bytes      BIGINT  NOT NULL DEFAULT 0
      );
      CREATE INDEX vouchers_batch ON vouchers (batch_id, state);
      CREATE INDEX vouchers_live_expiry ON vouchers (expires_at) WHERE state IN ('unused', 'in-use');
      CREATE INDEX vouchers_created ON vouchers (created_at, code, batch_id);
      CREATE INDEX vouchers_state_created ON vouchers (state, created_at, code, batch_id);
      CREATE INDEX vouchers_first_used ON vouchers (first_used_at) WHERE first_used_at IS NOT NULL;
      CREATE INDEX vouchers_finished ON vouchers (finished_at) WHERE finished_at IS NOT NULL;

      CREATE TABLE voucher_ops (
        id         BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        location   TEXT    NOT NULL,
        kind       TEXT    NOT NULL CHECK (kind IN ('add', 'remove')),
        code       TEXT    NOT NULL,
        batch_id   BIGINT  NOT NULL,
        attempts   INTEGER NOT NULL DEFAULT 0,
        next_at    BIGINT  NOT NULL,
        last_error TEXT,
        created_at BIGINT  NOT NULL
      );
      CREATE INDEX voucher_ops_due ON voucher_ops (location, next_at);
      CREATE INDEX voucher_ops_code ON voucher_ops (code);

      CREATE TABLE bulk_plans (
        id         TEXT    PRIMARY KEY,
        actor      TEXT    NOT NULL,
        expires_at BIGINT  NOT NULL,
        plan       TEXT    NOT NULL
      );
      CREATE INDEX bulk_plans_expiry ON bulk_plans (expires_at);
    `,
  },
  {
    version: 2,
    name: 'collector leases and web-to-collector commands (schema only, not used yet)',
    sql: `
      -- Which collector polls which router when several share one database. A collector takes or
      -- renews a lease with one INSERT ... ON CONFLICT (location) DO UPDATE ... WHERE the lease is
      -- its own or has expired, and polls only the locations it holds. Not used by any code yet.
      CREATE TABLE collector_leases (
        -- The location id (MIKROTIK_<ID> lower-cased, or routers.id).
        location    TEXT   PRIMARY KEY,
        -- The collector instance holding it (stable per process, e.g. host name and pid).
        owner       TEXT   NOT NULL,
        acquired_at BIGINT NOT NULL,
        expires_at  BIGINT NOT NULL
      );
      CREATE INDEX collector_leases_owner ON collector_leases (owner);
      CREATE INDEX collector_leases_expires ON collector_leases (expires_at);

      -- Router actions asked for by a web server (kick, refresh, hotspot users...) and carried out
      -- by whichever collector holds the location's lease, which writes the result back. The web
      -- side inserts and waits (e.g. LISTEN/NOTIFY); a collector claims pending rows with
      -- SELECT ... FOR UPDATE SKIP LOCKED. Not used by any code yet.
      CREATE TABLE collector_commands (
        id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        location    TEXT   NOT NULL,
        action      TEXT   NOT NULL,
        args        JSONB  NOT NULL DEFAULT '{}',
        status      TEXT   NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed', 'expired')),
        result      JSONB,
        created_at  BIGINT NOT NULL,
        answered_at BIGINT,
        CHECK ((answered_at IS NULL) = (status IN ('pending', 'running')))
      );
      CREATE INDEX collector_commands_pending ON collector_commands (location, id) WHERE status IN ('pending', 'running');
      CREATE INDEX collector_commands_created ON collector_commands (created_at);
    `,
  },
  {
    version: 3,
    name: 'failed sign-ins, shared by every process on the database (SQLite migration 7)',
    sql: `
      -- Failed sign-ins by key (user:<name>, address:<ip>): web servers sharing the database
      -- enforce one limit. Rows older than a day are deleted as new ones come.
      CREATE TABLE sign_in_failures (
        key TEXT   NOT NULL,
        at  BIGINT NOT NULL
      );
      CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);
      CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
    `,
  },
  {
    version: 4,
    name: 'the live fleet per location and the collectors that keep it (roles collector and web)',
    sql: `
      -- Each location's live state as the collector holding its lease last published it: what web
      -- servers replicate (a NOTIFY with the location id says a row changed). Not history: one
      -- row per location, overwritten at most once a second.
      CREATE TABLE fleet_live (
        location   TEXT   PRIMARY KEY,
        -- The collector that wrote it (HOTSPOT_COLLECTOR_ID).
        owner      TEXT   NOT NULL,
        -- LocationSummary.
        summary    JSONB  NOT NULL,
        -- ActiveSession[] as JSON text: stored and returned whole, never looked into.
        sessions   TEXT   NOT NULL,
        -- WanCounters of the last good poll, or null.
        wan        JSONB,
        -- The FleetEvents since the row's previous write (logins, logouts, status changes), so
        -- web servers announce what happened and not only the state after it.
        events     JSONB  NOT NULL DEFAULT '[]',
        -- Counts the writes of the row: a web server that sees it jump knows it missed events.
        version    BIGINT NOT NULL DEFAULT 1,
        updated_at BIGINT NOT NULL
      );

      -- Every collector's heartbeat with the monitor's own health (history writes, polling beat),
      -- written each time it renews its leases. Live collectors are those seen within a lease
      -- period: they share the fleet evenly.
      CREATE TABLE collectors (
        id         TEXT   PRIMARY KEY,
        started_at BIGINT NOT NULL,
        seen_at    BIGINT NOT NULL,
        -- HistoryStatus.
        history    JSONB  NOT NULL,
        -- PollProgress[] of the locations it polls.
        progress   JSONB  NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'raw samples partitioned by day, so their prune drops whole days',
    sql: `
      ${PARTITION_UNIT_FUNCTIONS_SQL}

      -- samples holds raw samples only (rollups are their own table), kept 2 days by default: by
      -- month, the prune deleted nearly every row one by one. The monthly table steps aside with
      -- its constraint and index renamed, so the daily one gets their names (SQLite's).
      ALTER TABLE samples RENAME TO samples_by_month;
      ALTER TABLE samples_by_month RENAME CONSTRAINT samples_pkey TO samples_by_month_pkey;
      ALTER INDEX samples_at RENAME TO samples_by_month_at;

      CREATE TABLE samples (
        location    TEXT    NOT NULL,
        at          BIGINT  NOT NULL,
        active      INTEGER NOT NULL,
        total_users INTEGER NOT NULL,
        cpu         DOUBLE PRECISION,
        mem_used    BIGINT,
        mem_total   BIGINT,
        rx_bps      DOUBLE PRECISION,
        tx_bps      DOUBLE PRECISION,
        rx_bytes    BIGINT,
        tx_bytes    BIGINT,
        online      SMALLINT NOT NULL,
        PRIMARY KEY (location, at)
      ) PARTITION BY RANGE (at);
      CREATE INDEX samples_at ON samples (at);

      -- A day for each day that holds rows (only those: a gap of months gets no empty days), then
      -- the rows move over. A pruned database holds about the retention window: a few days.
      SELECT phsweb_ensure_partitions('samples', day, day, 'day')
        FROM (SELECT DISTINCT phsweb_partition_start(at, 'day') AS day FROM samples_by_month) days;
      INSERT INTO samples (location, at, active, total_users, cpu, mem_used, mem_total, rx_bps, tx_bps, rx_bytes, tx_bytes, online)
        SELECT location, at, active, total_users, cpu, mem_used, mem_total, rx_bps, tx_bps, rx_bytes, tx_bytes, online FROM samples_by_month;
      DROP TABLE samples_by_month;
    `,
  },
];
