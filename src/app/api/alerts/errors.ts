/** The alerts domain's errors at the HTTP edge. */
import { ApiError } from '@/server/http';

const STATUS: Record<string, number> = { 'unknown-channel': 404, 'name-taken': 409 };

/** Runs `f`, turning a channel error (by its name: route bundles may hold copies of the class) into an {@link ApiError}. */
export function channelCall<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e?.name === 'ChannelError' && e.code) throw new ApiError(STATUS[e.code] ?? 400, e.code, e.message);
    throw err;
  }
}

/** A positive integer id from a path segment, or 404. */
export function idParam(raw: string, what: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(404, `unknown-${what}`, `No ${what} with id ${raw}`);
  return id;
}
