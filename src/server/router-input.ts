/**
 * A router as an admin types it (the form, the API, a CSV row, `.env` lines), validated once into
 * the store's shape. Every problem names its field; a CSV problem also names its line.
 */
import { z } from 'zod';
import { loadLocations } from '@/config/locations';
import type { NewRouter, RouterChange } from '@/store';
import { idFromName } from '@/lib/router-id';


const BOOL_TEXT: Record<string, boolean> = { true: true, yes: true, '1': true, on: true, false: false, no: false, '0': false, off: false };
/** `true/false`, `yes/no`, `1/0`, `on/off`; empty is absent. Optional inside, so that an empty CSV cell counts as absent. */
const bool = z.preprocess((v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : BOOL_TEXT[v.trim().toLowerCase()] ?? v) : v), z.boolean({ error: 'must be true or false' }).optional());
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalNumber = (schema: z.ZodNumber) => z.preprocess(blankToUndefined, z.coerce.number<unknown>().pipe(schema).nullable().optional());

const fields = {
  name: z.string().trim().min(1, 'is required').max(80, 'at most 80 characters'),
  id: z.preprocess(blankToUndefined, z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes, starting with a letter or digit').optional()),
  host: z.string().trim().min(1, 'is required').max(253).regex(/^[A-Za-z0-9.:_-]+$/, 'must be a host name or IP address (no scheme, path or port)'),
  port: optionalNumber(z.number().int('must be a whole number').min(1, 'must be 1-65535').max(65535, 'must be 1-65535')),
  tls: bool,
  user: z.string().trim().min(1, 'is required').max(128),
  password: z.string().max(256, 'at most 256 characters'),
  interface: z.preprocess(blankToUndefined, z.string().trim().max(64).regex(/^[^\s,]+$/, 'must be an interface name').nullable().optional()),
  pollIntervalSeconds: optionalNumber(z.number().int('must be whole seconds').min(1, 'must be 1-86400 seconds').max(86400, 'must be 1-86400 seconds')),
  address: z.string().trim().max(200, 'at most 200 characters').optional(),
  lat: optionalNumber(z.number().min(-90, 'must be -90 to 90').max(90, 'must be -90 to 90')),
  lon: optionalNumber(z.number().min(-180, 'must be -180 to 180').max(180, 'must be -180 to 180')),
  notes: z.string().max(1000, 'at most 1000 characters').optional(),
  disabled: bool,
};

const coordinates = (r: { lat?: number | null; lon?: number | null }, ctx: z.RefinementCtx) => {
  if ((r.lat == null) !== (r.lon == null)) ctx.addIssue({ code: 'custom', path: [r.lat == null ? 'lat' : 'lon'], message: 'latitude and longitude go together: give both or neither' });
};

/** A new router. `id` defaults to one made from the name; `port` to 8728, or 8729 with TLS. */
export const NewRouterInput = z.object(fields).superRefine(coordinates);

/** A change: any fields but `id`; `password` replaces the stored one (it is never read back). */
export const RouterChangeInput = z
  .object({ ...fields, name: fields.name.optional(), host: fields.host.optional(), user: fields.user.optional(), password: fields.password.optional() })
  .omit({ id: true })
  .strict()
  .superRefine(coordinates);

/** The validated input as the store takes it. */
export function toNewRouter(input: z.infer<typeof NewRouterInput>): NewRouter {
  const tls = input.tls ?? false;
  return {
    id: input.id ?? idFromName(input.name),
    name: input.name,
    host: input.host,
    port: input.port ?? (tls ? 8729 : 8728),
    tls,
    user: input.user,
    password: input.password,
    interface: input.interface ?? null,
    pollIntervalSeconds: input.pollIntervalSeconds ?? null,
    address: input.address ?? '',
    lat: input.lat ?? null,
    lon: input.lon ?? null,
    notes: input.notes ?? '',
    disabled: input.disabled ?? false,
  };
}

export function toRouterChange(input: z.infer<typeof RouterChangeInput>): RouterChange {
  const { interface: iface, ...rest } = input;
  const change: RouterChange = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (iface !== undefined) change.interface = iface;
  return change;
}

/** One refused row of an import: which line, which field, what is wrong. */
export interface ImportProblem {
  /** 1-based line of the file (the header is line 1), or 0 for the file as a whole. */
  line: number;
  /** The router's id or name as written, when there is one. */
  router?: string;
  field: string;
  message: string;
}

export interface ImportParse {
  routers: Array<{ line: number; router: NewRouter }>;
  problems: ImportProblem[];
}

/** The CSV columns of an import and an export, in order; `password` only in imports. */
export const CSV_COLUMNS = ['id', 'name', 'host', 'port', 'tls', 'user', 'password', 'interface', 'poll_interval', 'address', 'lat', 'lon', 'notes', 'disabled'] as const;
const CSV_FIELD: Record<string, keyof typeof fields> = { poll_interval: 'pollIntervalSeconds' };

/** Splits CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows with their line numbers. */
export function parseCsv(text: string): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0]!.trim() !== '') rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += c;
  }
  if (cell !== '' || cells.length) endRow();
  return rows;
}

function zodProblems(err: z.ZodError, line: number, router: string | undefined, fieldName: (f: string) => string = (f) => f): ImportProblem[] {
  return err.issues.map((i) => ({ line, router, field: fieldName(String(i.path[0] ?? 'row')), message: i.message }));
}

/**
 * Reads routers from CSV with a header line naming the columns (any order; see {@link CSV_COLUMNS};
 * `name`, `host`, `user` and `password` are required). Every row is checked on its own; ids given
 * twice in the file are refused after the first.
 */
export function parseRouterCsv(text: string): ImportParse {
  const [header, ...body] = parseCsv(text.replace(/^\uFEFF/, ''));
  const out: ImportParse = { routers: [], problems: [] };
  if (!header) return { routers: [], problems: [{ line: 0, field: 'file', message: 'is empty' }] };
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length) out.problems.push({ line: header.line, field: 'header', message: `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (expected ${CSV_COLUMNS.join(', ')})` });
  for (const required of ['name', 'host', 'user', 'password']) if (!names.includes(required)) out.problems.push({ line: header.line, field: 'header', message: `column ${required} is missing` });
  if (out.problems.length) return out;
  const csvName = (f: string) => Object.entries(CSV_FIELD).find(([, v]) => v === f)?.[0] ?? f;
  const seen = new Set<string>();
  for (const { line, cells } of body) {
    const raw: Record<string, string> = {};
    names.forEach((n, i) => {
      raw[CSV_FIELD[n] ?? n] = cells[i] ?? '';
    });
    const label = raw.id?.trim() || raw.name?.trim() || undefined;
    if (cells.length !== names.length) {
      out.problems.push({ line, router: label, field: 'row', message: `has ${cells.length} fields, the header ${names.length}` });
      continue;
    }
    const parsed = NewRouterInput.safeParse(raw);
    if (!parsed.success) {
      out.problems.push(...zodProblems(parsed.error, line, label, csvName));
      continue;
    }
    const router = toNewRouter(parsed.data);
    if (!router.id) {
      out.problems.push({ line, router: label, field: 'id', message: 'cannot be made from this name; give an id' });
      continue;
    }
    if (seen.has(router.id)) {
      out.problems.push({ line, router: router.id, field: 'id', message: `"${router.id}" is given twice in this file` });
      continue;
    }
    seen.add(router.id);
    out.routers.push({ line, router });
  }
  return out;
}

/**
 * Reads routers from `.env` lines (`MIKROTIK_<ID>_HOST=...`), checked by the same rules as the
 * environment at start; each problem names its variable. Other lines and comments are ignored.
 */
export function parseRouterEnv(text: string): ImportParse {
  const env: Record<string, string> = {};
  const lineOf = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^\s*(?:export\s+)?(MIKROTIK_[A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m) return;
    let value = m[2]!;
    if (/^".*"$/.test(value)) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        value = value.slice(1, -1);
      }
    } else if (/^'.*'$/.test(value)) value = value.slice(1, -1);
    env[m[1]!] = value;
    lineOf.set(m[1]!, i + 1);
  });
  if (!Object.keys(env).length) return { routers: [], problems: [{ line: 0, field: 'file', message: 'has no MIKROTIK_<ID>_* lines' }] };
  const problems: string[] = [];
  const locations = loadLocations(env, problems);
  if (problems.length) {
    // Each problem starts with, or names, its variable.
    return {
      routers: [],
      problems: problems.map((message) => {
        const variable = /MIKROTIK_[A-Z0-9_]+/.exec(message)?.[0] ?? 'file';
        return { line: lineOf.get(variable) ?? 0, field: variable, message };
      }),
    };
  }
  return {
    routers: locations.map((l) => ({
      line: lineOf.get(`MIKROTIK_${l.envId}_HOST`) ?? 0,
      router: { ...toNewRouter({ name: l.name, host: l.host, user: l.user, password: l.password, tls: l.tls, port: l.port, interface: l.interface }), id: l.id },
    })),
    problems: [],
  };
}
