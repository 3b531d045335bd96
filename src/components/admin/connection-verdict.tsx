import type { ReactNode } from 'react';
import type { ConnectionFailureCode } from '@/lib/admin-types';
import { formatCount, formatDuration } from '@/lib/format';
import { Notice } from '../ui/notice';
import type { ConnectionTestOutcome } from './use-connection-test';

/** A failure code in words; the code itself is shown beside it for searching the docs and logs. */
const FAILURE_TITLE: Record<ConnectionFailureCode, string> = {
  unreachable: 'Unreachable',
  timeout: 'No answer in time',
  'bad-credentials': 'Login refused',
  'not-api': 'Not a RouterOS API port',
  permission: 'Missing permission',
  error: 'Test failed',
};

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs opacity-80">{label}</dt>
      <dd className="truncate font-medium text-ink" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** The outcome of a connection test, in place: what the router said, or why there was no test. */
export function ConnectionVerdict({ outcome, className = '' }: { outcome: ConnectionTestOutcome; className?: string }) {
  if (outcome.kind === 'refused') {
    const tooMany = outcome.code === 'too-many-tests';
    return (
      <Notice tone={tooMany ? 'warn' : 'error'} className={className} testId="connection-result">
        <p data-code={outcome.code} data-testid="connection-refused">
          <span className="font-semibold">{tooMany ? 'Too many tests. ' : 'Test not run. '}</span>
          {outcome.message}
        </p>
      </Notice>
    );
  }
  const r = outcome.result;
  const where = `${r.host}:${r.port}${r.tls ? ' (TLS)' : ''}`;
  if (!r.ok) {
    return (
      <Notice tone="error" className={className} testId="connection-result">
        <p data-ok="false" data-code={r.code}>
          <span className="font-semibold">{FAILURE_TITLE[r.code]}</span> <code className="rounded bg-rose-500/10 px-1 text-xs">{r.code}</code>
        </p>
        <p className="mt-1 break-words" data-testid="connection-message">
          {r.message}
        </p>
        <p className="mt-1 text-xs opacity-80">
          {where} · after {formatCount(r.latencyMs)} ms
        </p>
      </Notice>
    );
  }
  return (
    <Notice tone="ok" className={`@container ${className}`} testId="connection-result">
      <p data-ok="true">
        <span className="font-semibold">Connected</span> to {where} in {formatCount(r.latencyMs)} ms
      </p>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-2 @sm:grid-cols-3 @4xl:grid-cols-6">
        <Fact label="Identity" testId="connection-identity">
          {r.identity ?? '—'}
        </Fact>
        <Fact label="RouterOS" testId="connection-version">
          {r.version ?? '—'}
        </Fact>
        <Fact label="Board">{r.boardName ?? '—'}</Fact>
        <Fact label="Users active / total" testId="connection-users">
          {formatCount(r.activeUsers)} / {formatCount(r.totalUsers)}
        </Fact>
        <Fact label="Uptime">{formatDuration(r.uptimeSeconds)}</Fact>
        <Fact label="Latency" testId="connection-latency">
          {formatCount(r.latencyMs)} ms
        </Fact>
      </dl>
    </Notice>
  );
}
