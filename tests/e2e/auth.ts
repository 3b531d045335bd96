/** Signing a browser in for tests that are about something else than the sign-in page. */
import type { BrowserContext } from 'playwright-core';
import { signInCookie, type AppServer } from './app-server';

/** Puts a session cookie of `username` into the browser, as the sign-in page would. */
export async function signInBrowser(context: BrowserContext, app: AppServer, username = app.admin!.username, password = app.admin!.password): Promise<void> {
  const cookie = await signInCookie(app.url, username, password);
  const eq = cookie.indexOf('=');
  await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: app.url, httpOnly: true, sameSite: 'Lax' }]);
}
