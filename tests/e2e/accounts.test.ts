/**
 * Accounts in a real browser: signing in through the form (and failing to), an admin creating an
 * operator limited to one location, API tokens shown once and revoked, the operator seeing only
 * its location and kicking a user, a viewer who is offered no kick and refused one anyway, the
 * audit log telling who did it, an ended session leading back to sign-in, the one-time setup page,
 * and the phone layout of the new pages. Screenshots land in ./screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@/simulator';
import { E2E_ADMIN, ensureBuild, startApp, waitAllOnline, type AppServer } from './app-server';
import { launchBrowser, type Browser } from './browser';
import { pausableClock, SCREENSHOTS, shoot, watchProblems } from './support';

const OPERATOR = { username: 'e2e-operator', password: 'operator pass phrase 1' };
const VIEWER = { username: 'e2e-viewer', password: 'viewer pass phrase 22' };
const KICKED = 'e2e-kickme';

let fleet: SimFleet;
let app: AppServer;
/** The admin's browser, and a second one for the operator and the viewer (its own cookie jar). */
let adminBrowser: Browser;
let otherBrowser: Browser;
let admin: Page;
let other: Page;
let tmp: string;
/** Uncaught script errors and console errors other than the refusals this test provokes on purpose. */
const problems: string[] = [];
/** The 4xx/5xx answers this test provokes on purpose are not problems. */
const watch = watchProblems(problems, [401, 403, 409]);

beforeAll(async () => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-accounts-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const clock = pausableClock();
  // A still fleet: no simulated user logs in or out on their own, so the only changes are ours.
  clock.pause();
  fleet = await startFleet({ routers: 3, users: 40, activeTarget: 12, initialActive: 8, seed: 23, password: 'e2e-secret', tickMs: 0, clock });
  app = await startApp({ ...fleet.env(), HOTSPOT_DB_PATH: join(tmp, 'accounts.db'), HOTSPOT_POLL_INTERVAL: '2' });
  await waitAllOnline(app);
  adminBrowser = await launchBrowser();
  otherBrowser = await launchBrowser();
  for (const b of [adminBrowser, otherBrowser]) b.context.on('page', watch);
  admin = await adminBrowser.context.newPage();
  other = await otherBrowser.context.newPage();
});

afterAll(async () => {
  await adminBrowser?.close();
  await otherBrowser?.close();
  await app?.stop();
  await fleet?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Fills and sends the sign-in form of `page`, which must be on /login. */
async function signIn(page: Page, username: string, password: string): Promise<void> {
  const form = page.getByTestId('login-form');
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

const cards = (page: Page) => page.locator('[data-testid^="location-card-"]');

describe('accounts and roles in a browser', () => {
  it('a visit without a session lands on the sign-in page, and a wrong password says so', async () => {
    await admin.goto(`${app.url}/hotspot`);
    await admin.waitForURL(/\/login\?next=%2Fhotspot$/);
    await admin.getByTestId('login-form').waitFor();
    expect(await admin.getByTestId('user-menu-button').count()).toBe(0);
    await shoot(admin, 'login-desktop');
    await signIn(admin, E2E_ADMIN.username, 'not the password at all');
    await expect.poll(() => admin.getByTestId('login-error').textContent()).toBe('Wrong username or password.');
    expect(admin.url()).toContain('/login');
    await shoot(admin, 'login-wrong-password-desktop');
  });

  it('the admin signs in through the form and arrives where they were going', async () => {
    await signIn(admin, E2E_ADMIN.username, E2E_ADMIN.password);
    await admin.waitForURL(/\/hotspot$/);
    expect(await admin.getByTestId('user-name').textContent()).toBe(E2E_ADMIN.username);
    expect(await admin.getByTestId('user-role').textContent()).toBe('admin');
    await expect.poll(() => cards(admin).count()).toBe(fleet.routers.length);
    // Signed in, the sign-in page sends on to `next` at once; a foreign `next` is ignored.
    await admin.goto(`${app.url}/login?next=//evil.example/x`);
    await admin.waitForURL(/\/hotspot$/);
  });

  it('the admin creates an operator limited to one location on the accounts page', async () => {
    const home = fleet.routers[0]!;
    await admin.goto(`${app.url}/admin/accounts`);
    const form = admin.getByTestId('create-account-form');
    await form.getByLabel('Username').fill(OPERATOR.username);
    await form.getByLabel('Password', { exact: true }).fill(OPERATOR.password);
    await form.getByLabel('Role').selectOption('operator');
    await form.getByLabel('Only these').check();
    await form.locator(`input[type="checkbox"][value="${home.id}"]`).check();
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => admin.getByTestId('create-account-result').textContent()).toMatch(/created as operator/);
    const row = admin.locator(`[data-testid="accounts-table"] tr[data-account="${OPERATOR.username}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(home.name);
    expect(await row.getByTestId('account-status').textContent()).toBe('Enabled');

    // The viewer through the API, to save time: the page lists it after a reload.
    const res = await app.api('/api/accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...VIEWER, role: 'viewer' }) });
    expect(res.status).toBe(201);
    await admin.reload();
    const viewerRow = admin.locator(`[data-testid="accounts-table"] tr[data-account="${VIEWER.username}"]`);
    await viewerRow.waitFor();
    expect(await viewerRow.textContent()).toContain('All locations');
    await shoot(admin, 'accounts-desktop');
  });

  it('the only admin cannot be disabled: the editor shows the server’s reason', async () => {
    await admin.getByRole('button', { name: `Edit ${E2E_ADMIN.username}` }).click();
    const dialog = admin.getByTestId('account-dialog');
    await dialog.getByTestId('disable-account').click();
    await dialog.getByTestId('disable-confirm').click();
    await expect.poll(() => dialog.getByTestId('edit-status-result').textContent()).toMatch(/only enabled admin/);
    await shoot(admin, 'account-edit-last-admin-desktop');
    await admin.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  it('a new API token is shown once, works, and stops working when revoked', async () => {
    await admin.goto(`${app.url}/admin/tokens`);
    const form = admin.getByTestId('create-token-form');
    await form.getByLabel('Name').fill('e2e grafana');
    await form.getByRole('button', { name: 'Create token' }).click();
    const secret = admin.getByTestId('token-secret');
    await secret.waitFor();
    const token = await admin.getByTestId('token-value').inputValue();
    expect(token).toMatch(/^phs_/);
    expect(await secret.textContent()).toContain('you will not see it again');
    expect(await secret.textContent()).toContain(`curl -H "Authorization: Bearer ${token}" ${app.url}/api/hotspot/stats`);
    await shoot(admin, 'token-created-desktop');
    const withToken = () => fetch(`${app.url}/api/hotspot/stats`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await withToken()).toBe(200);

    await secret.getByRole('button', { name: 'I have copied it' }).click();
    const row = admin.locator('[data-testid="tokens-table"] tr[data-token="e2e grafana"]');
    await row.waitFor();
    expect(await row.textContent()).toContain(token.slice(0, 12));
    expect(await row.textContent()).not.toContain(token);
    await row.getByRole('button', { name: 'Revoke e2e grafana' }).click();
    await admin.getByTestId('revoke-confirm').click();
    await expect.poll(() => row.getByTestId('token-status').textContent()).toBe('Revoked');
    expect(await withToken()).toBe(401);
    await shoot(admin, 'tokens-desktop');
  });

  it('the operator sees only its location, cannot open another, and kicks a user there', async () => {
    const home = fleet.routers[0]!;
    const elsewhere = fleet.routers[1]!;
    await other.goto(`${app.url}/hotspot/${home.id}`);
    await other.waitForURL(/\/login\?next=/);
    await signIn(other, OPERATOR.username, OPERATOR.password);
    await other.waitForURL(new RegExp(`/hotspot/${home.id}$`));
    await other.goto(`${app.url}/hotspot`);
    await expect.poll(() => cards(other).count()).toBe(1);
    expect(await other.getByTestId(`location-card-${home.id}`).count()).toBe(1);
    await shoot(other, 'overview-operator-desktop');

    // Another location does not exist as far as this account can tell, title included.
    await other.goto(`${app.url}/hotspot/${elsewhere.id}`);
    await other.getByTestId('location-not-found').waitFor();
    expect(await other.title()).not.toContain(elsewhere.name);
    expect(await other.content()).not.toContain(elsewhere.name);

    home.model.addUser({ name: KICKED, password: 'pw' });
    home.model.connect(KICKED);
    await other.goto(`${app.url}/hotspot/${home.id}`);
    await other.getByTestId('active-search').fill(KICKED);
    const row = other.locator(`[data-testid="active-table"] tr[data-user="${KICKED}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: `Kick ${KICKED}` }).click();
    await other.getByTestId('kick-dialog').getByText(`Kick ${KICKED}?`).waitFor();
    await other.getByTestId('kick-confirm').click();
    await expect.poll(() => other.getByTestId('kick-answer').textContent()).toMatch(/router removed/i);
    expect(home.model.active().some((s) => s.user === KICKED)).toBe(false);
    await other.getByTestId('kick-dialog').getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => row.count()).toBe(0);
  });

  it('signing out from the user menu ends the session', async () => {
    await other.getByTestId('user-menu-button').click();
    await other.getByTestId('sign-out').click();
    await other.waitForURL(/\/login\?signedOut=1$/);
    expect(await other.getByTestId('login-notice').textContent()).toContain('signed out');
    await other.goto(`${app.url}/hotspot`);
    await other.waitForURL(/\/login\?next=/);
  });

  it('the viewer is offered no kick, and a kick sent anyway is refused with 403', async () => {
    const home = fleet.routers[0]!;
    await signIn(other, VIEWER.username, VIEWER.password);
    await other.waitForURL(/\/hotspot$/);
    await expect.poll(() => cards(other).count()).toBe(fleet.routers.length);
    await other.goto(`${app.url}/hotspot/${home.id}`);
    const table = other.getByTestId('active-table');
    await table.waitFor();
    expect(await table.getByRole('button', { name: /^Kick / }).count()).toBe(0);
    expect(await other.getByTestId('kick-denied').textContent()).toMatch(/viewer/);
    expect(await other.getByTestId('refresh-button').getAttribute('aria-disabled')).toBe('true');
    expect(await other.getByTestId('refresh-button').getAttribute('title')).toMatch(/operator or admin/);
    await shoot(other, 'location-viewer-desktop');

    const sessionId = await table.locator('tr[data-session]').first().getAttribute('data-session');
    expect(sessionId).toBeTruthy();
    const before = home.model.active().length;
    const status = await other.evaluate(
      async (url) => (await fetch(url, { method: 'DELETE' })).status,
      `/api/hotspot/locations/${home.id}/active/${encodeURIComponent(sessionId!)}`,
    );
    expect(status).toBe(403);
    expect(home.model.active().length).toBe(before);

    await other.goto(`${app.url}/admin/accounts`);
    await other.waitForURL(/\/forbidden\?from=%2Fadmin%2Faccounts$/);
    expect(await other.getByTestId('forbidden').textContent()).toMatch(/needs the\s*admin\s*role.*viewer/s);
    await shoot(other, 'forbidden-desktop');
  });

  it('an ended session sends the next request to the sign-in page, and back afterwards', async () => {
    await other.goto(`${app.url}/hotspot/trends`);
    // The subtitle names the resolution once the first trends have arrived: no request is in flight.
    await other.getByText(/times in your local time/).waitFor();
    await otherBrowser.context.clearCookies();
    // The range switch fetches trends: a 401 now, which leads to sign-in with the way back.
    await other.getByRole('radio', { name: 'Day' }).click();
    await other.waitForURL(/\/login\?next=%2Fhotspot%2Ftrends&expired=1$/);
    expect(await other.getByTestId('login-notice').textContent()).toContain('session has ended');
    await signIn(other, VIEWER.username, VIEWER.password);
    await other.waitForURL(/\/hotspot\/trends$/);
  });

  it('the audit log shows the operator’s kick and the viewer’s refused one', async () => {
    await admin.goto(`${app.url}/admin/audit`);
    const table = admin.getByTestId('audit-table');
    await table.waitFor();
    const kick = table.locator(`tr[data-action="kick"][data-actor="${OPERATOR.username}"]`);
    expect(await kick.count()).toBe(1);
    expect(await kick.getAttribute('data-result')).toBe('ok');
    expect(await kick.getByTestId('audit-result-badge').textContent()).toBe('OK');
    expect(await kick.textContent()).toContain(KICKED);
    expect(await table.locator(`tr[data-actor="${VIEWER.username}"][data-result="denied"]`).count()).toBeGreaterThanOrEqual(1);
    await shoot(admin, 'audit-desktop');

    await admin.getByTestId('audit-action').selectOption('kick');
    await admin.getByTestId('audit-search').click();
    await admin.waitForURL(/action=kick/);
    expect(await admin.locator('[data-testid="audit-table"] tbody tr').count()).toBe(1);
    expect(await admin.getByTestId('audit-csv').getAttribute('href')).toBe('/api/audit?action=kick&format=csv');
  });

  it('the new pages fit a 360 px phone, the user menu included', async () => {
    const phone = await adminBrowser.context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    for (const [name, path] of [
      ['accounts-phone', '/admin/accounts'],
      ['tokens-phone', '/admin/tokens'],
      ['audit-phone', '/admin/audit'],
      ['account-phone', '/account'],
    ] as const) {
      await phone.goto(`${app.url}${path}`);
      await phone.waitForLoadState('load');
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${path} scrolls sideways on a phone`).toBeLessThanOrEqual(360);
      await shoot(phone, name);
    }
    await phone.getByTestId('user-menu-button').click();
    await phone.getByTestId('user-menu').getByRole('link', { name: 'Audit log' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shoot(phone, 'user-menu-phone');
    await phone.close();

    const signedOut = await otherBrowser.context.newPage();
    await otherBrowser.context.clearCookies();
    await signedOut.setViewportSize({ width: 360, height: 740 });
    await signedOut.goto(`${app.url}/login`);
    await signedOut.getByTestId('login-form').waitFor();
    expect(await signedOut.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shoot(signedOut, 'login-phone');
    await signedOut.close();
  });

  it('a fresh install opens the one-time setup page, which wants the code from the log', async () => {
    const fresh = await startApp({ ADMIN_USERNAME: undefined, HOTSPOT_DB_PATH: join(tmp, 'fresh.db') });
    try {
      const code = /setup code ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(fresh.output())?.[1];
      expect(code, fresh.output()).toBeTruthy();
      const page = await otherBrowser.context.newPage();
      await page.goto(`${fresh.url}/hotspot`);
      await page.waitForURL(/\/setup$/);
      const form = page.getByTestId('setup-form');
      await form.getByLabel('Setup code').fill('AAAA-BBBB-CCCC');
      await form.getByLabel('Admin username').fill('first-admin');
      await form.getByLabel('Password', { exact: true }).fill('first admin pass phrase');
      await form.getByLabel('Confirm password', { exact: true }).fill('first admin pass phrase');
      await form.getByRole('button', { name: /Create the admin/ }).click();
      await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/setup code is wrong/);
      await shoot(page, 'setup-desktop');
      await form.getByLabel('Setup code').fill(code!);
      await form.getByRole('button', { name: /Create the admin/ }).click();
      await page.waitForURL(/\/hotspot$/);
      expect(await page.getByTestId('user-name').textContent()).toBe('first-admin');
      await page.goto(`${fresh.url}/setup`);
      await page.waitForURL(/\/hotspot$/);
      await page.close();
    } finally {
      await fresh.stop();
    }
  });

  it('no page threw a script error or logged an unexpected console error', () => {
    expect(problems).toEqual([]);
  });
});
