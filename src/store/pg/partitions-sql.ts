/**
 * The SQL functions that keep time-partitioned tables (sessions, samples) in monthly partitions:
 * one creates the partitions a time range needs, one drops whole partitions behind a retention
 * cutoff. Created by migration 1 (`migrations.ts`); `partitions.ts` calls them.
 *
 * Bounds are ms since the epoch (BIGINT, as every timestamp in the store) at UTC month starts;
 * a partition is named `<table>_pYYYYMM`. There is no default partition: a row whose time has no
 * partition fails to insert (SQLSTATE 23514), so writers ensure the months they write to first.
 *
 * This text is part of migration 1: once shipped it is never edited. A change is a new migration
 * with `CREATE OR REPLACE FUNCTION`.
 */
export const PARTITION_FUNCTIONS_SQL = `
  -- The UTC month start (ms) at or before ms.
  CREATE FUNCTION phsweb_month_start(ms BIGINT) RETURNS BIGINT
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT (extract(epoch FROM date_trunc('month', to_timestamp(ms / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint $$;

  -- Creates the missing monthly partitions of parent covering [from_ms, to_ms]; returns how many
  -- it created. Serialised per table by an advisory lock, so collectors starting at once do not
  -- race on the same month. Creating a partition locks the parent briefly: call it ahead of time
  -- (at start, from maintenance), not before every write.
  CREATE FUNCTION phsweb_ensure_partitions(parent TEXT, from_ms BIGINT, to_ms BIGINT) RETURNS INTEGER
    LANGUAGE plpgsql AS $$
  DECLARE
    ns TEXT;
    month TIMESTAMP;
    lo BIGINT;
    hi BIGINT;
    part TEXT;
    created INTEGER := 0;
  BEGIN
    IF to_ms < from_ms THEN
      RAISE EXCEPTION 'phsweb_ensure_partitions: range ends (%) before it starts (%)', to_ms, from_ms;
    END IF;
    SELECT n.nspname INTO ns FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = parent::regclass AND c.relkind = 'p';
    IF ns IS NULL THEN
      RAISE EXCEPTION 'phsweb_ensure_partitions: % is not a partitioned table', parent;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('phsweb-partitions:' || ns || '.' || parent));
    month := date_trunc('month', to_timestamp(from_ms / 1000.0) AT TIME ZONE 'UTC');
    WHILE extract(epoch FROM month) * 1000 <= to_ms LOOP
      lo := (extract(epoch FROM month) * 1000)::bigint;
      hi := (extract(epoch FROM month + interval '1 month') * 1000)::bigint;
      part := parent || '_p' || to_char(month, 'YYYYMM');
      IF to_regclass(format('%I.%I', ns, part)) IS NULL THEN
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%s) TO (%s)', ns, part, ns, parent, lo, hi);
        created := created + 1;
      END IF;
      month := month + interval '1 month';
    END LOOP;
    RETURN created;
  END $$;

  -- Drops the partitions of parent whose whole range lies before cutoff_ms and returns their names.
  -- With ended_column (sessions: 'logout_at'), a partition is dropped only when every row in it
  -- ended before the cutoff too: a session that logged in long ago and is still open, or ended
  -- after the cutoff, keeps its month. The caller deletes what is left row by row, as SQLite does.
  CREATE FUNCTION phsweb_drop_partitions_before(parent TEXT, cutoff_ms BIGINT, ended_column TEXT DEFAULT NULL)
    RETURNS SETOF TEXT LANGUAGE plpgsql AS $$
  DECLARE
    ns TEXT;
    part RECORD;
    hi BIGINT;
    blocked BOOLEAN;
  BEGIN
    SELECT n.nspname INTO ns FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = parent::regclass AND c.relkind = 'p';
    IF ns IS NULL THEN
      RAISE EXCEPTION 'phsweb_drop_partitions_before: % is not a partitioned table', parent;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('phsweb-partitions:' || ns || '.' || parent));
    FOR part IN
      SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = parent::regclass
       ORDER BY c.relname
    LOOP
      hi := substring(part.bound FROM 'TO \\(''?(-?[0-9]+)''?\\)')::bigint;
      CONTINUE WHEN hi IS NULL OR hi > cutoff_ms;
      IF ended_column IS NOT NULL THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE %I IS NULL OR %I >= $1)', ns, part.relname, ended_column, ended_column)
          INTO blocked USING cutoff_ms;
        CONTINUE WHEN blocked;
      END IF;
      EXECUTE format('DROP TABLE %I.%I', ns, part.relname);
      RETURN NEXT part.relname;
    END LOOP;
  END $$;
`;
