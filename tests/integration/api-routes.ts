/**
 * Every API route, found by walking `src/app/api` for `route.ts` files, so a test that must cover
 * all of them (sign-in required, hostile input) also covers the next route someone adds.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A route handler as Next.js calls it: a Request, and the dynamic segments as a promise. */
export type Handler = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface ApiRoute {
  /** The route's folder as an address: `/api/hotspot/locations/[id]`. */
  path: string;
  method: string;
  handler: Handler;
}

const API = join(fileURLToPath(new URL('../..', import.meta.url)), 'src', 'app', 'api');

/** Every `route.ts` under src/app/api with each HTTP method it exports. */
export async function apiRoutes(): Promise<ApiRoute[]> {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name === 'route.ts') files.push(join(d, e.name));
    }
  };
  walk(API);
  const out: ApiRoute[] = [];
  for (const file of files.sort()) {
    const mod = (await import(file)) as Record<string, unknown>;
    const path = `/api/${relative(API, file).split(sep).slice(0, -1).join('/')}`;
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      if (typeof mod[method] === 'function') out.push({ path, method, handler: mod[method] as Handler });
    }
  }
  return out;
}
