'use client';
import { useCallback, useState } from 'react';
import type { ConnectionTestView } from '@/lib/admin-types';
import { apiFetch, errorOf, messageOf } from '../api';

/** What to send: a configured location (its credentials stay on the server), or a router's address and login. */
export type ConnectionTestRequest = { location: string } | { host: string; port?: number; user: string; password: string; tls?: boolean };

/**
 * How a test ended: the router's verdict (reached or not), or the server refusing to run it
 * (`too-many-tests` after 10 a minute, invalid input, no answer at all).
 */
export type ConnectionTestOutcome = { kind: 'verdict'; result: ConnectionTestView } | { kind: 'refused'; code: string; message: string };

function isVerdict(body: unknown): body is ConnectionTestView {
  return typeof body === 'object' && body !== null && typeof (body as { ok?: unknown }).ok === 'boolean' && typeof (body as { host?: unknown }).host === 'string';
}

/**
 * Runs connection tests one at a time. Both 200 and 502 carry a verdict; anything else (429, 400,
 * a proxy's own 502) is a refusal with the server's sentence.
 */
export function useConnectionTest(): { busy: boolean; outcome: ConnectionTestOutcome | null; run: (request: ConnectionTestRequest) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ConnectionTestOutcome | null>(null);
  const run = useCallback(async (request: ConnectionTestRequest) => {
    setBusy(true);
    try {
      const res = await apiFetch('/api/hotspot/stats', {
        method: 'POST',
        cache: 'no-store',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
      if (res.status === 200 || res.status === 502) {
        const body: unknown = await res.clone().json().catch(() => null);
        if (isVerdict(body)) {
          setOutcome({ kind: 'verdict', result: body });
          return;
        }
      }
      const err = await errorOf(res);
      setOutcome({ kind: 'refused', code: err.code, message: err.message });
    } catch (err) {
      setOutcome({ kind: 'refused', code: 'no-answer', message: messageOf(err) });
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, outcome, run };
}
