/**
 * The fleet overview (`GET /hotspot`) rendered once and shared by every load of the same account,
 * answered by `npm start` (server.mjs) straight on the Node response.
 *
 * Why: a Next.js render of the overview costs 30-50 ms of the web thread at 500 locations (a page
 * with nothing on it still costs about 20). Wall screens, a NOC signed in as one account and
 * people reloading load it again and again, and while a render runs every other request waits.
 *
 * How: the page is rendered by Next.js as always, through a request this server makes to itself
 * with the viewer's own session cookie, so the page is exactly what Next.js gives that account.
 * The HTML is kept per account, role, locations and layout (`?view=`), and served to later loads
 * of that account for up to {@link SharedPagesOptions.maxAgeMs}. A load of a copy older than
 * {@link SharedPagesOptions.refreshAfterMs} is answered from the copy while a fresh render is made
 * behind it, so a page is never more than about a second older than the previous load, and nobody
 * waits for a render except the first load of an account (loads arriving together share that one).
 *
 * A copy a few seconds old is correct: the page names the live frame it shows (`since`), and the
 * browser's stream replays every frame after it (the channel keeps two minutes), so the numbers
 * are current as soon as the page is live. Every load still resolves its own session cookie first;
 * no session, an API token instead, another query, a client-side navigation (RSC) or any failure
 * goes to Next.js, whose answer is the one that counts.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { can, type Principal } from './auth/principal';
import { readCookie, SESSION_COOKIE } from './auth/request';

const gzipAsync = promisify(gzip);

/** The header of the server's own render request; its value is this process's secret. */
export const RENDER_HEADER = 'x-phsweb-render';
/** Set on a request this server made to itself, so it is not counted as a visitor's request. */
export const INTERNAL_REQUEST = Symbol.for('phsweb.hotspot.internal-request');

/** The pages shared, and the layouts (`?view=`) each may be asked in. */
const PAGES: ReadonlyMap<string, ReadonlySet<string>> = new Map([['/hotspot', new Set(['list', 'cards'])]]);

/** Headers of Next.js's answer that belong to that transfer, not to the page (a render that sets a cookie is not kept at all). */
const NOT_REPEATED = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

/** The request headers of a client-side navigation or prefetch: those want the RSC payload, not HTML. */
const RSC_HEADERS = ['rsc', 'next-router-prefetch', 'next-router-state-tree', 'next-router-segment-prefetch', 'next-action'];

export interface SharedPagesOptions {
  /** Renders `path` through Next.js as the holder of `cookie` (the server's request to itself), until `signal` aborts. */
  render: (path: string, cookie: string, secret: string, signal: AbortSignal) => Promise<Response>;
  now?: () => number;
  /** A load of a copy older than this starts a fresh render behind it. Default 1000. */
  refreshAfterMs?: number;
  /** A copy older than this is not served; the load waits for a fresh render. Default 5000. */
  maxAgeMs?: number;
  /** Copies kept (one per account and layout), the least recently loaded dropped first. Default 200. */
  maxEntries?: number;
  /** How long the server waits for its own render. Default 15000. */
  renderTimeoutMs?: number;
  /** Told of each load served from a copy, each render made and each that failed (for `/metrics`). */
  count?: (what: keyof SharedPagesStats) => void;
}

interface Copy {
  at: number;
  headers: [string, string][];
  html: Buffer;
  /** The HTML gzipped, made with the copy (on libuv's threads), as nearly every browser takes it. */
  gzipped: Buffer;
}

export interface SharedPagesStats {
  /** Loads answered from a copy. */
  served: number;
  /** Renders made (by the server's own request). */
  renders: number;
  /** Renders that did not give a page to keep (the load went to Next.js). */
  failed: number;
}

export class SharedPages {
  private readonly secret = randomBytes(24).toString('base64url');
  private readonly copies = new Map<string, Copy>();
  private readonly rendering = new Map<string, Promise<Copy | null>>();
  private readonly now: () => number;
  private readonly refreshAfterMs: number;
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly renderTimeoutMs: number;
  readonly stats: SharedPagesStats = { served: 0, renders: 0, failed: 0 };

  constructor(
    private readonly resolveSession: (secret: string | undefined) => Promise<Principal | null>,
    private readonly options: SharedPagesOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.refreshAfterMs = options.refreshAfterMs ?? 1000;
    this.maxAgeMs = options.maxAgeMs ?? 5000;
    this.maxEntries = options.maxEntries ?? 200;
    this.renderTimeoutMs = options.renderTimeoutMs ?? 15_000;
  }

  /** Whether the request is one this server made to itself to render a page. */
  isOwnRender(req: IncomingMessage): boolean {
    const sent = req.headers[RENDER_HEADER];
    if (typeof sent !== 'string' || sent.length !== this.secret.length) return false;
    return timingSafeEqual(Buffer.from(sent), Buffer.from(this.secret));
  }

  /** Answers `req` from a shared copy of its page; false leaves it to Next.js. */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (this.isOwnRender(req)) {
      (req as unknown as Record<symbol, boolean>)[INTERNAL_REQUEST] = true;
      return false;
    }
    const path = sharedPath(req);
    if (!path) return false;
    let copy: Copy | null;
    let refresh: (() => Promise<Copy | null>) | undefined;
    try {
      const cookieSecret = readCookie(req.headers.cookie ?? null, SESSION_COOKIE);
      const principal = await this.resolveSession(cookieSecret);
      if (!principal || principal.kind !== 'account' || !can(principal, 'read')) return false;
      const key = JSON.stringify([principal.id, principal.name, principal.role, principal.locations, path]);
      const cookie = `${SESSION_COOKIE}=${cookieSecret}`;
      copy = this.copies.get(key) ?? null;
      const age = copy ? this.now() - copy.at : Infinity;
      if (!copy || age > this.maxAgeMs) copy = await this.renderOnce(key, path, cookie);
      // Started once this load is answered: the render holds the thread for tens of milliseconds.
      else if (age > this.refreshAfterMs) refresh = () => this.renderOnce(key, path, cookie);
      if (!copy) return false;
      // The most recently loaded copy goes last: the first is the one to drop.
      if (this.copies.get(key) === copy) {
        this.copies.delete(key);
        this.copies.set(key, copy);
      }
    } catch {
      return false;
    }
    if (!res.destroyed) {
      res.on('error', () => {});
      const gzipped = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      const body = gzipped ? copy.gzipped : copy.html;
      res.writeHead(200, [...copy.headers.flat(), ...(gzipped ? ['content-encoding', 'gzip'] : []), 'content-length', String(body.length)]);
      res.end(body);
      this.counted('served');
    }
    if (refresh) setImmediate(() => void refresh());
    return true;
  }

  /** The one render of `key` under way, or a new one. */
  private renderOnce(key: string, path: string, cookie: string): Promise<Copy | null> {
    let pending = this.rendering.get(key);
    if (!pending) {
      pending = this.renderCopy(path, cookie)
        .then((copy) => {
          if (copy) this.keep(key, copy);
          else this.copies.delete(key);
          return copy;
        })
        .finally(() => this.rendering.delete(key));
      this.rendering.set(key, pending);
    }
    return pending;
  }

  private async renderCopy(path: string, cookie: string): Promise<Copy | null> {
    this.counted('renders');
    const at = this.now();
    try {
      const res = await this.options.render(path, cookie, this.secret, AbortSignal.timeout(this.renderTimeoutMs));
      const type = res.headers.get('content-type') ?? '';
      // A redirect (the session ended meanwhile), an error page or a cookie being set: not a page to share.
      if (res.status !== 200 || !type.startsWith('text/html') || res.headers.has('set-cookie')) {
        await res.body?.cancel();
        this.counted('failed');
        return null;
      }
      const html = Buffer.from(await res.arrayBuffer());
      const headers: [string, string][] = [];
      res.headers.forEach((value, name) => {
        if (!NOT_REPEATED.has(name)) headers.push([name, value]);
      });
      return { at, headers, html, gzipped: await gzipAsync(html) };
    } catch {
      this.counted('failed');
      return null;
    }
  }

  private counted(what: keyof SharedPagesStats): void {
    this.stats[what]++;
    this.options.count?.(what);
  }

  /** Keeps `copy` as the newest, dropping copies too old to serve and, past the limit, the least recently loaded. */
  private keep(key: string, copy: Copy): void {
    this.copies.delete(key);
    for (const [k, c] of this.copies) if (copy.at - c.at > this.maxAgeMs) this.copies.delete(k);
    if (this.copies.size >= this.maxEntries) this.copies.delete(this.copies.keys().next().value!);
    this.copies.set(key, copy);
  }
}

/**
 * The shared page `req` asks for, as the path to render (with its `?view=`), or null: only a GET of
 * the page's HTML with at most a known `view`, nothing a client-side navigation sends.
 */
function sharedPath(req: IncomingMessage): string | null {
  if (req.method !== 'GET' || !req.url) return null;
  if (RSC_HEADERS.some((h) => req.headers[h] !== undefined)) return null;
  const q = req.url.indexOf('?');
  const pathname = q < 0 ? req.url : req.url.slice(0, q);
  const views = PAGES.get(pathname);
  if (!views) return null;
  if (q < 0) return pathname;
  const params = new URLSearchParams(req.url.slice(q + 1));
  const names = [...params.keys()];
  if (names.length !== 1 || names[0] !== 'view' || !views.has(params.get('view')!)) return null;
  return `${pathname}?view=${params.get('view')}`;
}
