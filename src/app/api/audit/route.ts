import { z } from 'zod';
import { presentAudit } from '@/server/auth/present';
import { auditCsv } from '@/server/csv';
import { DomainError, json, parseQuery, route } from '@/server/http';
import { time } from '@/server/query';

export const dynamic = 'force-dynamic';

const Query = z.object({
  from: time.optional(),
  to: time.optional(),
  actor: z.string().max(128).optional(),
  /** An action (`kick`) or a family ending in a dot (`account.`). */
  action: z.string().max(64).optional(),
  result: z.enum(['ok', 'denied', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  format: z.enum(['json', 'csv']).default('json'),
});

/** The audit log, newest first (admins only); `format=csv` streams every match. */
export const GET = route('admin', async ({ runtime, url }) => {
  const q = parseQuery(url, Query);
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw new DomainError('invalid-range', '"from" is after "to"');
  const filter = { from: q.from, to: q.to, actor: q.actor, action: q.action, result: q.result };
  if (q.format === 'csv') {
    const name = `audit-${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(auditCsv(runtime.store.audit.iterate(filter)), {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
    });
  }
  const page = await runtime.store.audit.query({ ...filter, limit: q.limit, offset: q.offset });
  return json({ entries: page.rows.map(presentAudit), total: page.total, limit: q.limit, offset: q.offset });
});
