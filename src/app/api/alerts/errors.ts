/** The alerts domain's errors at the HTTP edge. */
import { DomainError } from '@/server/http';

/** Runs `f`, turning a channel error (by its name: route bundles may hold copies of the class) into a {@link DomainError}. */
export async function channelCall<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e?.name === 'ChannelError' && e.code) throw new DomainError(e.code === 'unknown-channel' ? 'not-found' : 'invalid-input', e.message);
    throw err;
  }
}

/** A positive integer id from a path segment, or not-found. */
export function idParam(raw: string, what: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError('not-found', `No ${what} with id ${raw}`);
  return id;
}
