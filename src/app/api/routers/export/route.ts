import { visible } from '@/server/auth/principal';
import { csvField } from '@/server/csv';
import { route } from '@/server/http';
import { CSV_COLUMNS } from '@/server/router-input';

export const dynamic = 'force-dynamic';

/** Import columns without `password`, plus where each router comes from. */
const COLUMNS = [...CSV_COLUMNS.filter((c) => c !== 'password'), 'source'] as const;

/**
 * The routers as CSV in the import's columns, without passwords (operators see their locations,
 * admins all). Re-importing it needs a `password` column added.
 */
export const GET = route('refresh', async ({ runtime, principal }) => {
  const lines = visible(principal, await runtime.routers.list(), (r) => r.id).map((r) =>
    [r.id, r.name, r.host, r.port, String(r.tls), r.user, r.interface, r.pollIntervalSeconds, r.address, r.lat, r.lon, r.notes, String(r.disabled), r.source].map(csvField).join(','),
  );
  const name = `routers-${new Date().toISOString().slice(0, 10)}.csv`;
  return new Response(`${[COLUMNS.join(','), ...lines].join('\r\n')}\r\n`, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
  });
});
