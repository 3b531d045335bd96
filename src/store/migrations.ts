/**
 * Numbered schema migrations. Append only: a migration that has shipped is never edited, a change
 * is a new number. `db.ts` applies the pending ones in one transaction when the store opens.
 */

/** One schema step. */
export interface Migration {
  /** 1, 2, 3... without gaps; recorded in the `migrations` table once applied. */
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions, samples, rollups, router events',
    sql: `
      CREATE TABLE sessions (
        id          INTEGER PRIMARY KEY,
        location    TEXT    NOT NULL,
        router_id   TEXT    NOT NULL,
        user        TEXT    NOT NULL,
        mac         TEXT    NOT NULL COLLATE NOCASE,
        address     TEXT    NOT NULL,
        login_by    TEXT    NOT NULL DEFAULT '',
        server      TEXT    NOT NULL DEFAULT '',
        login_at    INTEGER NOT NULL,
        first_seen  INTEGER NOT NULL,
        last_seen   INTEGER NOT NULL,
        logout_at   INTEGER,
        bytes_in    INTEGER NOT NULL DEFAULT 0,
        bytes_out   INTEGER NOT NULL DEFAULT 0,
        packets_in  INTEGER NOT NULL DEFAULT 0,
        packets_out INTEGER NOT NULL DEFAULT 0,
        end_reason  TEXT,
        CHECK ((logout_at IS NULL) = (end_reason IS NULL))
      );
      -- syncSessions reads the open sessions of one location every poll.
      CREATE INDEX sessions_open ON sessions (location, router_id) WHERE logout_at IS NULL;
      -- the oldest open session bounds how far back an overlap query must look (session-span.ts).
      CREATE INDEX sessions_open_login ON sessions (login_at) WHERE logout_at IS NULL;
      -- querySessions by location(s) newest first, lastLogin.
      CREATE INDEX sessions_location_login ON sessions (location, login_at);
      -- querySessions across all locations newest first.
      CREATE INDEX sessions_login ON sessions (login_at);
      CREATE INDEX sessions_mac ON sessions (mac);
      CREATE INDEX sessions_address ON sessions (address);
      -- prune of ended sessions.
      CREATE INDEX sessions_logout ON sessions (logout_at) WHERE logout_at IS NOT NULL;

      CREATE TABLE samples (
        location    TEXT    NOT NULL,
        at          INTEGER NOT NULL,
        active      INTEGER NOT NULL,
        total_users INTEGER NOT NULL,
        cpu         REAL,
        mem_used    INTEGER,
        mem_total   INTEGER,
        rx_bps      REAL,
        tx_bps      REAL,
        rx_bytes    INTEGER,
        tx_bytes    INTEGER,
        online      INTEGER NOT NULL,
        PRIMARY KEY (location, at)
      ) WITHOUT ROWID;
      CREATE INDEX samples_at ON samples (at);

      CREATE TABLE rollups (
        location     TEXT    NOT NULL,
        resolution   TEXT    NOT NULL CHECK (resolution IN ('hour', 'day')),
        bucket_start INTEGER NOT NULL,
        samples      INTEGER NOT NULL,
        active_avg   REAL    NOT NULL,
        active_max   INTEGER NOT NULL,
        cpu_avg      REAL,
        -- samples that reported CPU: the weight of cpu_avg when hours are merged into days.
        cpu_samples  INTEGER NOT NULL,
        rx_bytes     INTEGER NOT NULL,
        tx_bytes     INTEGER NOT NULL,
        rx_bps_max   REAL,
        tx_bps_max   REAL,
        online_ratio REAL    NOT NULL,
        PRIMARY KEY (location, resolution, bucket_start)
      ) WITHOUT ROWID;
      CREATE INDEX rollups_resolution_bucket ON rollups (resolution, bucket_start);

      CREATE TABLE router_events (
        id       INTEGER PRIMARY KEY,
        location TEXT    NOT NULL,
        at       INTEGER NOT NULL,
        status   TEXT    NOT NULL,
        reason   TEXT
      );
      CREATE INDEX router_events_location_at ON router_events (location, at);
      CREATE INDEX router_events_at ON router_events (at);

      -- Small named numbers the store keeps about itself (the hour-rollup watermark).
      CREATE TABLE store_meta (
        key   TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'dashboard accounts, sign-in sessions, API tokens, audit log',
    sql: `
      CREATE TABLE accounts (
        id                  INTEGER PRIMARY KEY,
        username            TEXT    NOT NULL UNIQUE COLLATE NOCASE,
        password_hash       TEXT    NOT NULL,
        role                TEXT    NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        -- JSON array of location ids the account may see; NULL means every location.
        locations           TEXT,
        disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at          INTEGER NOT NULL,
        updated_at          INTEGER NOT NULL,
        password_changed_at INTEGER NOT NULL,
        last_login_at       INTEGER
      );

      -- A signed-in browser. The cookie holds a random secret; only its SHA-256 is stored.
      CREATE TABLE auth_sessions (
        id_hash      TEXT    PRIMARY KEY,
        account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        created_at   INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        expires_at   INTEGER NOT NULL,
        address      TEXT    NOT NULL DEFAULT '',
        user_agent   TEXT    NOT NULL DEFAULT ''
      ) WITHOUT ROWID;
      CREATE INDEX auth_sessions_account ON auth_sessions (account_id);
      CREATE INDEX auth_sessions_expires ON auth_sessions (expires_at);

      -- A machine credential. Shown once at creation; only its SHA-256 is stored.
      CREATE TABLE api_tokens (
        id           INTEGER PRIMARY KEY,
        name         TEXT    NOT NULL,
        token_hash   TEXT    NOT NULL UNIQUE,
        -- The first characters of the token, so people can tell tokens apart.
        prefix       TEXT    NOT NULL,
        role         TEXT    NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        locations    TEXT,
        created_by   INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
        created_at   INTEGER NOT NULL,
        last_used_at INTEGER,
        revoked_at   INTEGER
      );

      CREATE TABLE audit_log (
        id         INTEGER PRIMARY KEY,
        at         INTEGER NOT NULL,
        -- Who: a username, "token:<name>", or "" before sign-in.
        actor      TEXT    NOT NULL,
        actor_kind TEXT    NOT NULL CHECK (actor_kind IN ('account', 'token', 'anonymous', 'system')),
        address    TEXT    NOT NULL DEFAULT '',
        action     TEXT    NOT NULL,
        target     TEXT    NOT NULL DEFAULT '',
        result     TEXT    NOT NULL CHECK (result IN ('ok', 'denied', 'failed')),
        detail     TEXT    NOT NULL DEFAULT ''
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_actor_at ON audit_log (actor, at);
    `,
  },
  {
    version: 3,
    name: 'alerts: settings, channels, incidents, delivery outbox',
    sql: `
      -- Rule settings: one JSON layer per scope, '*' for the whole fleet, else a location id.
      CREATE TABLE alert_settings (
        scope      TEXT    PRIMARY KEY,
        body       TEXT    NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE alert_channels (
        id            INTEGER PRIMARY KEY,
        name          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
        kind          TEXT    NOT NULL CHECK (kind IN ('telegram', 'email', 'webhook')),
        enabled       INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        -- JSON of the settings that are not secret (chat id, SMTP host, URL, quiet hours).
        config        TEXT    NOT NULL,
        -- The secrets (bot token, SMTP password, webhook secret) sealed by secret-box.ts; never returned.
        secret        TEXT,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        failures      INTEGER NOT NULL DEFAULT 0,
        last_error    TEXT,
        last_ok_at    INTEGER,
        last_error_at INTEGER
      );

      CREATE TABLE alert_incidents (
        id             INTEGER PRIMARY KEY,
        rule           TEXT    NOT NULL,
        severity       TEXT    NOT NULL CHECK (severity IN ('critical', 'warning')),
        -- JSON array of location ids (one, or several for a grouped outage).
        locations      TEXT    NOT NULL,
        detail         TEXT    NOT NULL,
        started_at     INTEGER NOT NULL,
        opened_at      INTEGER NOT NULL,
        resolved_at    INTEGER,
        resolve_detail TEXT,
        acked_at       INTEGER,
        acked_by       TEXT,
        reminders      INTEGER NOT NULL DEFAULT 0,
        reminded_at    INTEGER
      );
      CREATE INDEX alert_incidents_open ON alert_incidents (opened_at) WHERE resolved_at IS NULL;
      CREATE INDEX alert_incidents_opened ON alert_incidents (opened_at);

      -- Every message to every channel, written in the same transaction as the incident change
      -- that caused it, and marked sent only after the channel accepted it.
      CREATE TABLE alert_outbox (
        id          INTEGER PRIMARY KEY,
        incident_id INTEGER REFERENCES alert_incidents (id) ON DELETE CASCADE,
        channel_id  INTEGER NOT NULL REFERENCES alert_channels (id) ON DELETE CASCADE,
        kind        TEXT    NOT NULL CHECK (kind IN ('open', 'resolved', 'reminder', 'test')),
        severity    TEXT    NOT NULL,
        text        TEXT    NOT NULL,
        -- JSON for the webhook body.
        payload     TEXT    NOT NULL,
        state       TEXT    NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'suppressed')),
        attempts    INTEGER NOT NULL DEFAULT 0,
        next_at     INTEGER NOT NULL,
        created_at  INTEGER NOT NULL,
        sent_at     INTEGER,
        last_error  TEXT
      );
      CREATE INDEX alert_outbox_due ON alert_outbox (next_at) WHERE state = 'pending';
      CREATE INDEX alert_outbox_incident ON alert_outbox (incident_id);
    `,
  },
  {
    version: 4,
    name: 'routers added from the dashboard, password sealed',
    sql: `
      -- Routers managed in the dashboard (MIKROTIK_<ID>_* routers stay in the environment).
      CREATE TABLE routers (
        id              TEXT    PRIMARY KEY,
        name            TEXT    NOT NULL,
        host            TEXT    NOT NULL,
        port            INTEGER NOT NULL,
        tls             INTEGER NOT NULL DEFAULT 0 CHECK (tls IN (0, 1)),
        user            TEXT    NOT NULL,
        -- SecretBox-sealed (AES-256-GCM, context router:<id>:password); the key is not in the database.
        password_sealed TEXT    NOT NULL,
        interface       TEXT,
        -- NULL: the process's HOTSPOT_POLL_INTERVAL.
        poll_interval_s INTEGER,
        address         TEXT    NOT NULL DEFAULT '',
        lat             REAL,
        lon             REAL,
        notes           TEXT    NOT NULL DEFAULT '',
        disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'vouchers: brands, batches, codes, pending router operations',
    sql: `
      -- How printed cards look and where their QR code logs in.
      CREATE TABLE voucher_brands (
        id         INTEGER PRIMARY KEY,
        name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
        colour     TEXT    NOT NULL,
        logo_text  TEXT    NOT NULL,
        -- Template with {code}, e.g. http://wifi.example/login?username={code}&password={code}.
        login_url  TEXT    NOT NULL,
        footer     TEXT    NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE voucher_batches (
        id                INTEGER PRIMARY KEY,
        name              TEXT    NOT NULL,
        prefix            TEXT    NOT NULL,
        code_length       INTEGER NOT NULL,
        count             INTEGER NOT NULL,
        profile           TEXT    NOT NULL,
        limit_uptime_s    INTEGER,
        limit_bytes_total INTEGER,
        validity_s        INTEGER,
        validity_from     TEXT    NOT NULL CHECK (validity_from IN ('first-use', 'creation')),
        price             REAL    NOT NULL,
        currency          TEXT    NOT NULL,
        -- JSON array of the location ids the vouchers are provisioned at.
        locations         TEXT    NOT NULL,
        brand_id          INTEGER REFERENCES voucher_brands (id) ON DELETE SET NULL,
        created_at        INTEGER NOT NULL,
        created_by        TEXT    NOT NULL
      );
      CREATE INDEX voucher_batches_created ON voucher_batches (created_at);

      -- The code is the hotspot user's name and password at every target location: unique fleet-wide.
      CREATE TABLE vouchers (
        code            TEXT    PRIMARY KEY,
        batch_id        INTEGER NOT NULL REFERENCES voucher_batches (id),
        state           TEXT    NOT NULL CHECK (state IN ('unused', 'in-use', 'used-up', 'expired')),
        created_at      INTEGER NOT NULL,
        first_used_at   INTEGER,
        first_location  TEXT,
        online_location TEXT,
        online_since    INTEGER,
        last_seen_at    INTEGER,
        expires_at      INTEGER,
        finished_at     INTEGER,
        used_seconds    INTEGER NOT NULL DEFAULT 0,
        used_bytes      INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;
      CREATE INDEX vouchers_batch ON vouchers (batch_id, state);
      -- The expiry sweep: live vouchers by expiry time.
      CREATE INDEX vouchers_live_expiry ON vouchers (expires_at) WHERE state IN ('unused', 'in-use');
      -- The voucher list: newest first, over everything or one state; batch_id makes a list scoped
      -- to some locations (by batch) answerable from the index alone.
      CREATE INDEX vouchers_created ON vouchers (created_at, code, batch_id);
      CREATE INDEX vouchers_state_created ON vouchers (state, created_at, code, batch_id);
      CREATE INDEX vouchers_first_used ON vouchers (first_used_at) WHERE first_used_at IS NOT NULL;
      CREATE INDEX vouchers_finished ON vouchers (finished_at) WHERE finished_at IS NOT NULL;

      -- Router work still to do (add a voucher's user, remove it), kept until the router confirms,
      -- so a router that is offline gets it when it returns, even after a restart of the app.
      CREATE TABLE voucher_ops (
        id         INTEGER PRIMARY KEY,
        location   TEXT    NOT NULL,
        kind       TEXT    NOT NULL CHECK (kind IN ('add', 'remove')),
        code       TEXT    NOT NULL,
        batch_id   INTEGER NOT NULL,
        attempts   INTEGER NOT NULL DEFAULT 0,
        next_at    INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX voucher_ops_due ON voucher_ops (location, next_at);
      CREATE INDEX voucher_ops_code ON voucher_ops (code);

      -- Voucher usage is read from session history by user name (the code).
      CREATE INDEX sessions_user ON sessions (user, login_at);
    `,
  },
  {
    version: 6,
    name: 'bulk action plans',
    sql: `
      -- A bulk action's preview, kept until it is carried out or expires: in the database rather
      -- than in memory, so a restart or another web instance on the same file can still execute it.
      CREATE TABLE bulk_plans (
        id         TEXT    PRIMARY KEY,
        -- Who previewed it; only they may carry it out.
        actor      TEXT    NOT NULL,
        expires_at INTEGER NOT NULL,
        -- The plan as the preview answered it (JSON).
        plan       TEXT    NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX bulk_plans_expiry ON bulk_plans (expires_at);
    `,
  },
  {
    version: 7,
    name: 'failed sign-ins, shared by every process on the database',
    sql: `
      -- Failed sign-ins (and wrong current passwords) by key (user:<name>, address:<ip>), so that
      -- web servers sharing a database enforce one limit. Rows older than a day are deleted as new
      -- ones come; the limit's window is minutes.
      CREATE TABLE sign_in_failures (
        key TEXT    NOT NULL,
        at  INTEGER NOT NULL
      );
      CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);
      CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
    `,
  },
];

