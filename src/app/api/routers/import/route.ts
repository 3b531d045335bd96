import { z } from 'zod';
import { json, parseBody, route } from '@/server/http';
import { parseRouterCsv, parseRouterEnv, type ImportProblem } from '@/server/router-input';
import { conflictResponse } from '@/server/routers';

export const dynamic = 'force-dynamic';

const Body = z.object({
  format: z.enum(['csv', 'env']),
  text: z.string().min(1, 'is empty'),
  /** true: only check, and say what would be added and what is wrong. */
  preview: z.boolean().default(true),
});

/**
 * Imports many routers from CSV or `.env` lines (admins). Every row is checked on its own; the
 * answer names each bad row and field. With `preview: false` the good rows are added (in one
 * transaction) and polled at once; the bad ones are left out. Audited as one entry.
 */
export const POST = route('admin', async ({ request, runtime, principal, from }) =>
  conflictResponse(async () => {
    const body = await parseBody(request, Body);
    const parsed = body.format === 'csv' ? parseRouterCsv(body.text) : parseRouterEnv(body.text);
    const problems: ImportProblem[] = [...parsed.problems];
    const taken = new Map((await runtime.routers.list()).map((r) => [r.id, r]));
    const good = parsed.routers.filter(({ line, router }) => {
      const existing = taken.get(router.id);
      if (!existing) return true;
      problems.push({ line, router: router.id, field: 'id', message: existing.variable ? `"${router.id}" is configured in the environment (${existing.variable})` : `"${router.id}" exists already` });
      return false;
    });
    problems.sort((a, b) => a.line - b.line);
    const ids = good.map((g) => g.router.id);
    if (body.preview) return json({ preview: true, valid: ids, problems });
    // A router added by someone else between the check above and here fails the whole import (409): all or none.
    const added = good.length ? await runtime.routers.add(good.map((g) => g.router)) : [];
    await runtime.auth.record(principal, from, {
      action: 'router.import',
      target: `${added.length} routers`,
      result: 'ok',
      detail: `${body.format}: added ${added.map((r) => r.id).join(', ') || 'none'}; ${problems.length} problem${problems.length === 1 ? '' : 's'} left out`,
    });
    return json({ preview: false, added: added.map((r) => r.id), problems });
  }),
);
