import Link from 'next/link';
import { formatCount } from '@/lib/format';

/**
 * "41–60 of 1,234", and Newer/Older links under a table that is paged by the address (`href(page)`),
 * newest first.
 */
export function Pager({ label, page, pageSize, shown, total, href, countTestId }: { label: string; page: number; pageSize: number; shown: number; total: number; href: (page: number) => string; countTestId?: string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav aria-label={label} className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm text-muted">
      <span data-testid={countTestId}>
        {formatCount((page - 1) * pageSize + 1)}–{formatCount((page - 1) * pageSize + shown)} of {formatCount(total)}
      </span>
      <span className="flex items-center gap-2">
        {page > 1 && (
          <Link href={href(page - 1)} className="rounded-lg border border-line px-3 py-1.5 hover:bg-raised" rel="prev">
            ‹ Newer
          </Link>
        )}
        <span>
          Page {page} of {formatCount(pages)}
        </span>
        {page < pages && (
          <Link href={href(page + 1)} className="rounded-lg border border-line px-3 py-1.5 hover:bg-raised" rel="next">
            Older ›
          </Link>
        )}
      </span>
    </nav>
  );
}
