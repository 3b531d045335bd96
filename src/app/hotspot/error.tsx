'use client';
import { EmptyState } from '@/components/ui/empty-state';
import { Button } from '@/components/ui/button';

/** A page failed on the server (a bad configuration, an unreadable database...): say so, offer a retry. */
export default function HotspotError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <EmptyState title="This page could not be shown" icon="!">
      <p>The server could not build this page. Routers are not affected; their monitoring continues.</p>
      <p className="mt-2 font-mono text-xs">{error.digest ? `Reference ${error.digest} (details in the server log)` : error.message}</p>
      <div className="mt-4">
        <Button tone="primary" onClick={reset}>
          Try again
        </Button>
      </div>
    </EmptyState>
  );
}
