'use client';
import { useRef } from 'react';
import { Button } from '../ui/button';
import { CopyButton } from '../ui/copy-button';

/**
 * A new token's secret, shown this once (the server keeps only its hash), with a copy button and
 * a ready-to-run example against this dashboard.
 */
export function TokenSecret({ name, token, origin, onDone }: { name: string; token: string; origin: string; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <section aria-labelledby="new-token-title" className="rounded-2xl border-2 border-emerald-500/50 bg-emerald-500/5 p-4 sm:p-5" data-testid="token-secret">
      <h2 id="new-token-title" className="font-semibold">
        Token “{name}” created
      </h2>
      <p className="mt-1 text-sm font-medium text-amber-800 dark:text-amber-300">Copy it now: you will not see it again. Only a hash is stored; if it is lost, revoke it and create a new one.</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <input
          ref={input}
          readOnly
          value={token}
          aria-label="The new API token"
          onFocus={(e) => e.currentTarget.select()}
          data-testid="token-value"
          className="min-h-10 min-w-0 flex-1 basis-64 rounded-lg border border-line bg-surface px-3 font-mono text-sm"
        />
        <CopyButton text={token} label="Copy token" fallbackSelect={() => input.current} testId="copy-token" />
      </div>
      <p className="mt-4 text-sm text-muted">Try it:</p>
      <pre className="mt-1 overflow-x-auto rounded-lg bg-raised p-3 font-mono text-xs text-ink">{`curl -H "Authorization: Bearer ${token}" ${origin}/api/hotspot/stats`}</pre>
      <div className="mt-4 flex justify-end">
        <Button onClick={onDone}>I have copied it</Button>
      </div>
    </section>
  );
}
