/**
 * The SQL functions that keep time-partitioned tables (sessions by month, samples by day) in
 * partitions: one creates the partitions a time range needs, one drops whole partitions behind a
 * retention cutoff. Created by migration 1 (`migrations.ts`), all by month; migration 5 gave the
 * create function a unit (below). `partitions.ts` calls them.
 *
 * Bounds are ms since the epoch (BIGINT, as every timestamp in the store) at UTC month (or day)
 * starts; a partition is named `<table>_pYYYYMM` (or `<table>_dYYYYMMDD`). There is no default
 * partition: a row whose time has no partition fails to insert (SQLSTATE 23514), so writers
 * ensure the months (days) they write to first.
 *
 * Each text is part of its migration: once shipped it is never edited. A change is a new
 * migration that replaces the function.
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

/**
 * Migration 5: partitions of a day as well as of a month. Raw samples are kept 2 days by default,
 * so in a monthly partition nearly every row is one the prune deletes row by row; in daily ones
 * the prune drops whole days. `phsweb_ensure_partitions` takes the unit of the table (`day` or
 * `month`; `partitions.ts` says which table has which); a day partition is named
 * `<table>_dYYYYMMDD`, a month one still `<table>_pYYYYMM`. PostgreSQL refuses a partition that
 * overlaps another, so a wrong unit fails rather than mixing the two. The drop function reads the
 * bounds of each partition and needs no unit: it stays as migration 1 made it.
 *
 * The three-argument function goes: a process still calling it (an older build) fails loudly
 * instead of creating months beside days. Never edited once shipped, as above.
 */
export const PARTITION_UNIT_FUNCTIONS_SQL = `
  DROP FUNCTION phsweb_ensure_partitions(TEXT, BIGINT, BIGINT);

  -- The UTC start (ms) of the day or month holding ms.
  CREATE FUNCTION phsweb_partition_start(ms BIGINT, unit TEXT) RETURNS BIGINT
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT (extract(epoch FROM date_trunc(unit, to_timestamp(ms / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint $$;

  -- Creates the missing partitions of parent, of one unit ('day' or 'month') each, covering
  -- [from_ms, to_ms]; returns how many it created. Serialised per table by an advisory lock, as
  -- before. Every unit of the range gets a partition: callers ask for the units they write to, not
  -- for long ranges of days.
  CREATE FUNCTION phsweb_ensure_partitions(parent TEXT, from_ms BIGINT, to_ms BIGINT, unit TEXT) RETURNS INTEGER
    LANGUAGE plpgsql AS $$
  DECLARE
    ns TEXT;
    step INTERVAL;
    start TIMESTAMP;
    lo BIGINT;
    hi BIGINT;
    part TEXT;
    created INTEGER := 0;
  BEGIN
    IF unit = 'day' THEN
      step := interval '1 day';
    ELSIF unit = 'month' THEN
      step := interval '1 month';
    ELSE
      RAISE EXCEPTION 'phsweb_ensure_partitions: the unit is day or month, not %', unit;
    END IF;
    IF to_ms < from_ms THEN
      RAISE EXCEPTION 'phsweb_ensure_partitions: range ends (%) before it starts (%)', to_ms, from_ms;
    END IF;
    SELECT n.nspname INTO ns FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = parent::regclass AND c.relkind = 'p';
    IF ns IS NULL THEN
      RAISE EXCEPTION 'phsweb_ensure_partitions: % is not a partitioned table', parent;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('phsweb-partitions:' || ns || '.' || parent));
    start := date_trunc(unit, to_timestamp(from_ms / 1000.0) AT TIME ZONE 'UTC');
    WHILE extract(epoch FROM start) * 1000 <= to_ms LOOP
      lo := (extract(epoch FROM start) * 1000)::bigint;
      hi := (extract(epoch FROM start + step) * 1000)::bigint;
      part := parent || CASE unit WHEN 'day' THEN '_d' || to_char(start, 'YYYYMMDD') ELSE '_p' || to_char(start, 'YYYYMM') END;
      IF to_regclass(format('%I.%I', ns, part)) IS NULL THEN
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%s) TO (%s)', ns, part, ns, parent, lo, hi);
        created := created + 1;
      END IF;
      start := start + step;
    END LOOP;
    RETURN created;
  END $$;
`;
