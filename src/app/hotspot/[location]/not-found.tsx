import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';

export default function LocationNotFound() {
  return (
    <EmptyState title="No such location" icon="?">
      <p>This location is not configured. Locations come from the <code>MIKROTIK_&lt;ID&gt;_HOST</code>, <code>_USER</code> and <code>_PASSWORD</code> variables.</p>
      <p className="mt-3">
        <Link href="/hotspot" className="font-medium text-accent underline">
          Back to the fleet overview
        </Link>
      </p>
    </EmptyState>
  );
}
