/**
 * No secret in a URL, whatever the JavaScript's state. Every form that carries a secret (sign-in,
 * setup, own password, account create, token create, the connection test) is clicked the moment
 * its HTML arrives, with the page's scripts blocked and with them slowed, and no request this
 * browser makes may carry the typed secret in its address. Sign-in also has to work with scripts
 * off: a real POST answered with a redirect.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@/simulator';
import { E2E_ADMIN, ensureBuild, startApp, waitAllOnline, type AppServer } from './app-server';
import { signInBrowser } from './auth';
import { launchBrowser, type Browser } from './browser';

let fleet: SimFleet;
let app: AppServer;
/** A second app with no account yet, for the one-time setup page. */
let fresh: AppServer;
let browser: Browser;
let tmp: string;

/** Every address this browser asked for, in order. */
const urls: string[] = [];

beforeAll(async () => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-secret-forms-'));
  fleet = await startFleet({ routers: 1, users: 20, seed: 41, password: 'e2e-forms-router', tickMs: 0 });
  app = await startApp({ ...fleet.env(), HOTSPOT_DB_PATH: join(tmp, 'forms.db'), HOTSPOT_POLL_INTERVAL: '2' });
  fresh = await startApp({ ...fleet.env(), ADMIN_USERNAME: undefined, HOTSPOT_DB_PATH: join(tmp, 'fresh.db'), HOTSPOT_POLL_INTERVAL: '5' });
  await waitAllOnline(app);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await fresh?.stop();
  await fleet?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

type ScriptMode = 'blocked' | 'slowed';

/** A fresh page whose own scripts (`/_next/static/…js`) are dropped, or held back for a while. */
async function pageWith(context: BrowserContext, mode: ScriptMode): Promise<Page> {
  const page = await context.newPage();
  await page.route(/\/_next\/static\/.*\.js(\?|$)/, async (route) => {
    if (mode === 'blocked') return route.abort();
    await new Promise((r) => setTimeout(r, 2500));
    await route.continue().catch(() => {});
  });
  page.on('request', (r) => urls.push(r.url()));
  return page;
}

interface SecretForm {
  name: string;
  /** The app and the page the form is on. */
  app: () => AppServer;
  path: string;
  testId: string;
  /** Field name → the value typed; every value is distinctive, so a URL holding one is found. */
  fields: Record<string, string>;
  signedIn: boolean;
}

const FORMS: SecretForm[] = [
  { name: 'setup', app: () => fresh, path: '/setup', testId: 'setup-form', signedIn: false, fields: { code: 'SETUPCODE-77Q', username: 'first-admin', password: 'SetupPw-Xq81-secret', confirm: 'SetupPw-Xq81-secret' } },
  { name: 'own password', app: () => app, path: '/account', testId: 'password-form', signedIn: true, fields: { current: 'CurrentPw-Lm42-secret', new: 'NewOwnPw-Rt55-secret', confirm: 'NewOwnPw-Rt55-secret' } },
  { name: 'account create', app: () => app, path: '/admin/accounts', testId: 'create-account-form', signedIn: true, fields: { username: 'someone-new', password: 'CreatePw-Kw63-secret' } },
  { name: 'token create', app: () => app, path: '/admin/tokens', testId: 'create-token-form', signedIn: true, fields: { name: 'TokenName-Zp19-secret' } },
  { name: 'connection test', app: () => app, path: '/admin/routers', testId: 'router-test-form', signedIn: true, fields: { host: '127.0.0.1', user: 'api', 'router-password': 'RouterPw-Hd27-secret' } },
];

const leaks = (values: string[]) => urls.filter((u) => values.some((v) => u.includes(v) || u.includes(encodeURIComponent(v))));

/**
 * Types into the form as fast as the page allows and submits it twice (a click on its button and
 * Enter in a field), without waiting for anything to become enabled.
 */
async function rushSubmit(page: Page, form: SecretForm): Promise<void> {
  const el = page.getByTestId(form.testId);
  await el.waitFor({ state: 'attached' });
  // Disabled controls cannot be typed into by a person; set them as a script would, to be sure a
  // submit could not carry them even then.
  await el.evaluate((f: HTMLFormElement, values) => {
    for (const [name, value] of Object.entries(values)) {
      const input = f.elements.namedItem(name);
      if (input instanceof HTMLInputElement) input.value = value;
    }
  }, form.fields);
  await el.locator('button[type="submit"]').click({ force: true, timeout: 2000, noWaitAfter: true }).catch(() => {});
  await el.locator('input:not([type=hidden])').first().press('Enter', { timeout: 1000, noWaitAfter: true }).catch(() => {});
  await page.waitForTimeout(1500);
}

describe('no secret ever in a URL', () => {
  for (const mode of ['blocked', 'slowed'] as const) {
    for (const form of FORMS) {
      it(`${form.name}: scripts ${mode}, submitted as soon as its HTML arrives`, async () => {
        const context = browser.context;
        await context.clearCookies();
        if (form.signedIn) await signInBrowser(context, form.app());
        const page = await pageWith(context, mode);
        const before = urls.length;
        await page.goto(`${form.app().url}${form.path}`, { waitUntil: 'commit' });
        const el = page.getByTestId(form.testId);
        await el.waitFor({ state: 'attached' });
        // The server's HTML already makes it a POST, and inert until the page is hydrated.
        expect(await el.getAttribute('method')).toBe('post');
        if (mode === 'blocked') {
          expect(await el.locator('fieldset').first().getAttribute('disabled')).not.toBeNull();
          expect(await el.locator('button[type="submit"]').isDisabled()).toBe(true);
        }
        await rushSubmit(page, form);
        if (mode === 'blocked') {
          // Nothing could be sent: the browser is still on the form's page.
          expect(new URL(page.url()).pathname).toBe(form.path);
        } else {
          // Hydrated now: the form works, and sends what it sends in a body.
          await expect.poll(() => el.getAttribute('data-hydrated'), { timeout: 20_000 }).toBe('true');
          await rushSubmit(page, form);
        }
        expect(leaks(Object.values(form.fields).filter((v) => v.includes('secret')))).toEqual([]);
        expect(urls.length).toBeGreaterThan(before);
        await page.close();
      });
    }
  }

  it('sign-in works with JavaScript off: a POST answered with a redirect, the password in no URL', async () => {
    const off = await launchBrowser({ javaScript: false });
    const context = off.context;
    try {
      const page = await context.newPage();
      const seen: string[] = [];
      const posts: string[] = [];
      page.on('request', (r) => {
        seen.push(r.url());
        if (r.method() === 'POST') posts.push(r.url());
      });
      await page.goto(`${app.url}/hotspot/sessions`);
      await page.waitForURL(/\/login\?next=/);
      await page.locator('input[name=username]').fill(E2E_ADMIN.username);
      await page.locator('input[name=password]').fill('a wrong password 9');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/login\?error=invalid-credentials/);
      expect(await page.getByTestId('login-error').textContent()).toBe('Wrong username or password.');
      await page.locator('input[name=username]').fill(E2E_ADMIN.username);
      await page.locator('input[name=password]').fill(E2E_ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Back where the visitor was going, signed in, with the server-rendered page.
      await page.waitForURL(/\/hotspot\/sessions$/);
      await page.getByTestId('user-menu-button').waitFor();
      expect(posts.every((u) => new URL(u).pathname === '/api/auth/login')).toBe(true);
      expect(posts.length).toBe(2);
      expect(seen.filter((u) => u.includes(encodeURIComponent(E2E_ADMIN.password)) || u.includes(E2E_ADMIN.password) || u.includes('wrong%20password') || u.includes('wrong+password'))).toEqual([]);
    } finally {
      await off.close();
    }
  });
});
