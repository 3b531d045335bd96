import { Skeleton } from './skeleton';

/** Placeholder shapes in the layout of the page that is loading. */
export function PageSkeleton({ kind }: { kind: 'fleet' | 'location' | 'table' | 'charts' }) {
  return (
    <div role="status" aria-label="Loading" aria-busy="true">
      <div className="mb-5 flex flex-wrap items-end justify-between gap-3">
        <div>
          <Skeleton className="h-8 w-56" />
          <Skeleton className="mt-2 h-4 w-40" />
        </div>
        <Skeleton className="h-9 w-36" />
      </div>
      {kind === 'fleet' && (
        <>
          <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} className="h-20" />
            ))}
          </div>
          <Skeleton className="mt-6 mb-3 h-9 w-full sm:w-[32rem]" />
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3 2xl:grid-cols-4">
            {Array.from({ length: 8 }, (_, i) => (
              <Skeleton key={i} className="h-56" />
            ))}
          </div>
        </>
      )}
      {kind === 'location' && (
        <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <div className="space-y-4">
            <div className="grid gap-4 xl:grid-cols-2">
              <Skeleton className="h-72" />
              <Skeleton className="h-72" />
            </div>
            <Skeleton className="h-96" />
          </div>
          <div className="space-y-4">
            <Skeleton className="h-96" />
            <Skeleton className="h-48" />
          </div>
        </div>
      )}
      {kind === 'table' && (
        <>
          <Skeleton className="mb-4 h-24" />
          <div className="mb-4 grid grid-cols-3 gap-3">
            <Skeleton className="h-16" />
            <Skeleton className="h-16" />
            <Skeleton className="h-16" />
          </div>
          <Skeleton className="h-[28rem]" />
        </>
      )}
      {kind === 'charts' && (
        <div className="grid gap-4 xl:grid-cols-3">
          <Skeleton className="h-80 xl:col-span-2" />
          <Skeleton className="h-80" />
          <Skeleton className="h-72 xl:col-span-2" />
          <Skeleton className="h-72" />
        </div>
      )}
      <span className="sr-only">Loading…</span>
    </div>
  );
}
