/**
 * Row types of the PostgreSQL schema (`migrations.ts`) for Kysely. BIGINT columns are numbers
 * (`connect.ts` parses them), JSONB columns come back parsed, TEXT-held JSON as text.
 */
import type { ColumnType, Generated } from 'kysely';

/** JSONB: written as JSON text or a value, read back parsed. */
type Jsonb<T> = ColumnType<T, string | T, string | T>;
type Locations = Jsonb<string[]>;

export interface PgTables {
  migrations: { version: number; name: string; applied_at: number };
  sessions: {
    id: Generated<number>;
    location: string;
    router_id: string;
    user: string;
    mac: string;
    address: string;
    login_by: Generated<string>;
    server: Generated<string>;
    login_at: number;
    first_seen: number;
    last_seen: number;
    logout_at: number | null;
    bytes_in: Generated<number>;
    bytes_out: Generated<number>;
    packets_in: Generated<number>;
    packets_out: Generated<number>;
    end_reason: string | null;
  };
  samples: {
    location: string;
    at: number;
    active: number;
    total_users: number;
    cpu: number | null;
    mem_used: number | null;
    mem_total: number | null;
    rx_bps: number | null;
    tx_bps: number | null;
    rx_bytes: number | null;
    tx_bytes: number | null;
    online: number;
  };
  rollups: {
    location: string;
    resolution: 'hour' | 'day';
    bucket_start: number;
    samples: number;
    active_avg: number;
    active_max: number;
    cpu_avg: number | null;
    cpu_samples: number;
    rx_bytes: number;
    tx_bytes: number;
    rx_bps_max: number | null;
    tx_bps_max: number | null;
    online_ratio: number;
  };
  router_events: { id: Generated<number>; location: string; at: number; status: string; reason: string | null };
  store_meta: { key: string; value: number };
  accounts: {
    id: Generated<number>;
    username: string;
    password_hash: string;
    role: string;
    locations: Locations | null;
    disabled: Generated<number>;
    created_at: number;
    updated_at: number;
    password_changed_at: number;
    last_login_at: number | null;
  };
  auth_sessions: {
    id_hash: string;
    account_id: number;
    created_at: number;
    last_seen_at: number;
    expires_at: number;
    address: Generated<string>;
    user_agent: Generated<string>;
  };
  api_tokens: {
    id: Generated<number>;
    name: string;
    token_hash: string;
    prefix: string;
    role: string;
    locations: Locations | null;
    created_by: number | null;
    created_at: number;
    last_used_at: number | null;
    revoked_at: number | null;
  };
  audit_log: {
    id: Generated<number>;
    at: number;
    actor: string;
    actor_kind: string;
    address: Generated<string>;
    action: string;
    target: Generated<string>;
    result: string;
    detail: Generated<string>;
  };
  alert_settings: { scope: string; body: string; updated_at: number };
  alert_channels: {
    id: Generated<number>;
    name: string;
    kind: string;
    enabled: Generated<number>;
    config: string;
    secret: string | null;
    created_at: number;
    updated_at: number;
    failures: Generated<number>;
    last_error: string | null;
    last_ok_at: number | null;
    last_error_at: number | null;
  };
  alert_incidents: {
    id: Generated<number>;
    rule: string;
    severity: string;
    locations: Locations;
    detail: string;
    started_at: number;
    opened_at: number;
    resolved_at: number | null;
    resolve_detail: string | null;
    acked_at: number | null;
    acked_by: string | null;
    reminders: Generated<number>;
    reminded_at: number | null;
  };
  alert_outbox: {
    id: Generated<number>;
    incident_id: number | null;
    channel_id: number;
    kind: string;
    severity: string;
    text: string;
    payload: string;
    state: string;
    attempts: Generated<number>;
    next_at: number;
    created_at: number;
    sent_at: number | null;
    last_error: string | null;
  };
  routers: {
    id: string;
    name: string;
    host: string;
    port: number;
    tls: Generated<number>;
    user: string;
    password_sealed: string;
    interface: string | null;
    poll_interval_s: number | null;
    address: Generated<string>;
    lat: number | null;
    lon: number | null;
    notes: Generated<string>;
    disabled: Generated<number>;
    created_at: number;
    updated_at: number;
  };
  voucher_brands: {
    id: Generated<number>;
    name: string;
    colour: string;
    logo_text: string;
    login_url: string;
    footer: Generated<string>;
    created_at: number;
    updated_at: number;
  };
  voucher_batches: {
    id: Generated<number>;
    name: string;
    prefix: string;
    code_length: number;
    count: number;
    profile: string;
    limit_uptime_s: number | null;
    limit_bytes_total: number | null;
    validity_s: number | null;
    validity_from: 'first-use' | 'creation';
    price: number;
    currency: string;
    locations: Locations;
    brand_id: number | null;
    created_at: number;
    created_by: string;
  };
  vouchers: {
    code: string;
    batch_id: number;
    state: 'unused' | 'in-use' | 'used-up' | 'expired';
    created_at: number;
    first_used_at: number | null;
    first_location: string | null;
    online_location: string | null;
    online_since: number | null;
    last_seen_at: number | null;
    expires_at: number | null;
    finished_at: number | null;
    used_seconds: Generated<number>;
    used_bytes: Generated<number>;
  };
  voucher_ops: {
    id: Generated<number>;
    location: string;
    kind: 'add' | 'remove';
    code: string;
    batch_id: number;
    attempts: Generated<number>;
    next_at: number;
    last_error: string | null;
    created_at: number;
  };
  bulk_plans: { id: string; actor: string; expires_at: number; plan: string };
  sign_in_failures: { key: string; at: number };
  collector_leases: { location: string; owner: string; acquired_at: number; expires_at: number };
  collector_commands: {
    id: Generated<number>;
    location: string;
    action: string;
    args: Generated<Jsonb<unknown>>;
    status: Generated<'pending' | 'running' | 'done' | 'failed' | 'expired'>;
    result: Jsonb<unknown> | null;
    created_at: number;
    answered_at: number | null;
  };
  fleet_live: { location: string; owner: string; summary: Jsonb<unknown>; sessions: string; wan: Jsonb<unknown> | null; events: Generated<Jsonb<unknown>>; version: Generated<number>; updated_at: number };
  collectors: { id: string; started_at: number; seen_at: number; history: Jsonb<unknown>; progress: Jsonb<unknown> };
}
