/**
 * The browser's side of the JSON API: one place that turns an answer into data or into the
 * sentence the server wrote (`{error, message}`), and that sends the user to the sign-in page
 * when their session has ended (401) instead of showing a puzzling error.
 */

/** The server refused: `code` is its `error` field, `message` its human sentence. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/** Thrown after a 401 while the browser is already on its way to the sign-in page. */
export class SessionEndedError extends ApiRequestError {
  constructor() {
    super(401, 'unauthenticated', 'Your session has ended. Taking you to the sign-in page…');
    this.name = 'SessionEndedError';
  }
}

let leaving = false;

/**
 * A full page load of `path`, not a client-side navigation: after signing in or out the root
 * layout (the header) must be rendered for the new user, and nothing the router cached for the
 * previous one may be shown again.
 */
export function loadPage(path: string): void {
  window.location.assign(new URL(path, window.location.href).href);
}

/** Goes to the sign-in page, which brings the user back here afterwards. */
export function signInAgain(): void {
  if (leaving) return;
  leaving = true;
  const here = `${window.location.pathname}${window.location.search}`;
  loadPage(`/login?next=${encodeURIComponent(here)}&expired=1`);
}

/** `fetch` for our API: a 401 (signed out, session expired or revoked) leads to the sign-in page. */
export async function apiFetch(input: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(input, init);
  if (res.status === 401) {
    signInAgain();
    throw new SessionEndedError();
  }
  return res;
}

/** The server's sentence for a failed answer, or the status when the body is not ours. */
export async function errorOf(res: Response): Promise<ApiRequestError> {
  const body = (await res.json().catch(() => null)) as { error?: string; message?: string } | null;
  return new ApiRequestError(res.status, body?.error ?? `http-${res.status}`, body?.message ?? `The server answered HTTP ${res.status}.`);
}

/**
 * Sends `body` as JSON with `method` and returns the parsed answer; throws {@link ApiRequestError}
 * with the server's message when refused.
 */
export async function sendJson<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const res = await apiFetch(url, {
    method,
    cache: 'no-store',
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

/** The sentence to show for anything a request threw (a refusal, or no answer at all). */
export function messageOf(err: unknown): string {
  if (err instanceof ApiRequestError) return err.message;
  return `No answer from the server (${err instanceof Error ? err.message : 'network error'}). Check the connection and try again.`;
}
