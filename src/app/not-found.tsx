import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';

export default function NotFound() {
  return (
    <EmptyState title="Page not found" icon="?">
      <Link href="/hotspot" className="font-medium text-accent underline">
        Go to the fleet overview
      </Link>
    </EmptyState>
  );
}
