import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';

/** Shown for a location that is not configured and for one the account may not see: the two look alike on purpose. */
export default function LocationNotFound() {
  return (
    <EmptyState title="No such location" icon="?">
      <p data-testid="location-not-found">
        This location is not configured, or your account is not allowed to see it. Locations come from the <code>MIKROTIK_&lt;ID&gt;_HOST</code>, <code>_USER</code> and <code>_PASSWORD</code> variables; an admin decides who sees which.
      </p>
      <p className="mt-3">
        <Link href="/hotspot" className="font-medium text-accent underline">
          Back to the fleet overview
        </Link>
      </p>
    </EmptyState>
  );
}
