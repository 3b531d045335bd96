/**
 * Every page scanned by axe-core (WCAG 2.0/2.1 A and AA rules) in the production build, signed in
 * as an admin, in the light and the dark theme: a serious or critical violation fails the page,
 * with the rule, the elements and what is wrong printed. The pages are scanned once hydrated and
 * showing live data (a location down, accounts of every role, tokens, an audit log with a refusal,
 * ended sessions), so what is checked is what an operator reads. Issue 10.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@/simulator';
import { ensureBuild, startApp, waitAllOnline, type AppServer } from './app-server';
import { signInBrowser } from './auth';
import { launchBrowser, type Browser } from './browser';
import { pausableClock, SCREENSHOTS, shoot, waitUntil, watchProblems } from './support';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const THEMES = ['light', 'dark'] as const;
type Theme = (typeof THEMES)[number];

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
  html: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

let fleet: SimFleet;
let app: AppServer;
/** Signed in as the admin. */
let signedIn: Browser;
/** No session: the sign-in and setup pages. */
let signedOut: Browser;
let tmp: string;
const problems: string[] = [];
/** Every serious or critical violation found, for the summary printed at the end. */
const found: Array<{ page: string; theme: Theme; rule: string; nodes: number }> = [];

/** A page with its theme from the (emulated) system setting, as a first visit gets it; reduced motion so numbers do not glide mid-scan. */
async function openPage(browser: Browser, theme: Theme): Promise<Page> {
  const page = await browser.context.newPage();
  await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
  return page;
}

/** Waits until React has hydrated `main` (its event handlers are attached), then until `ready` holds. */
async function settle(page: Page, ready: (page: Page) => Promise<unknown>): Promise<void> {
  await page.waitForFunction(() => {
    const main = document.querySelector('main');
    return !!main && Object.keys(main).some((k) => k.startsWith('__reactFiber'));
  });
  await ready(page);
  await page.evaluate(() => document.fonts.ready);
}

/** Runs axe on `page` and fails on serious or critical violations, saying what and where. */
async function scan(page: Page, name: string, theme: Theme): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.classList.contains('dark')), `${name} is in the ${theme} theme`).toBe(theme === 'dark');
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (values) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] })).violations;
  }, TAGS) as AxeViolation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) found.push({ page: name, theme, rule: v.id, nodes: v.nodes.length });
  const report = bad
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s), ${v.helpUrl}\n` +
        v.nodes.map((n) => `  ${n.target.map(String).join(' >> ')}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`).join('\n'),
    )
    .join('\n');
  expect.soft(bad.length, `${name} (${theme}) has serious or critical accessibility violations:\n${report}`).toBe(0);
}

const testId = (id: string) => (p: Page) => p.getByTestId(id).first().waitFor();
const rowsOf = (table: string) => (p: Page) => p.locator(`[data-testid="${table}"] tbody tr`).first().waitFor();

beforeAll(async () => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-a11y-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const clock = pausableClock();
  clock.pause();
  fleet = await startFleet({ routers: 3, users: 40, activeTarget: 12, initialActive: 10, seed: 31, password: 'e2e-secret', tickMs: 0, clock });
  app = await startApp({ ...fleet.env(), HOTSPOT_DB_PATH: join(tmp, 'a11y.db'), HOTSPOT_POLL_INTERVAL: '2' });
  await waitAllOnline(app);

  // Something in every table and every state the pages show: accounts of each role (one disabled, one
  // limited to a location), a live and a revoked token, a refused sign-in in the audit log, ended
  // sessions, and one router down.
  const post = (path: string, body: unknown, method = 'POST') => app.api(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const home = fleet.routers[0]!.id;
  for (const [username, role, locations] of [
    ['a11y-operator', 'operator', [home]],
    ['a11y-viewer', 'viewer', null],
    ['a11y-gone', 'viewer', null],
  ] as const) {
    const res = await post('/api/accounts', { username, password: `long pass phrase for ${role} 9`, role, locations });
    expect(res.status, await res.clone().text()).toBe(201);
    if (username === 'a11y-gone') {
      const { account } = (await res.json()) as { account: { id: number } };
      expect((await post(`/api/accounts/${account.id}`, { disabled: true }, 'PATCH')).status).toBe(200);
    }
  }
  expect((await post('/api/tokens', { name: 'a11y grafana', role: 'viewer' })).status).toBe(201);
  const old = (await (await post('/api/tokens', { name: 'a11y old', role: 'viewer' })).json()) as { details: { id: number } };
  expect((await app.api(`/api/tokens/${old.details.id}`, { method: 'DELETE' })).status).toBe(200);
  // A voucher batch, one of its vouchers in use: the Vouchers page shows every table and a state badge.
  const vb = (await (await post('/api/vouchers/batches', { name: 'a11y cards', count: 4, locations: [home], limitUptimeSeconds: 3600, price: 200 })).json()) as { codes: string[] };
  await waitUntil(async () => fleet.routers[0]!.model.users().some((u) => u.name === vb.codes[0]), 10_000, 'the vouchers on the router');
  fleet.routers[0]!.model.login({ user: vb.codes[0]!, password: vb.codes[0]! });
  await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: app.url }, body: JSON.stringify({ username: 'a11y-viewer', password: 'wrong' }) });
  for (const r of fleet.routers) {
    for (const s of r.model.active().slice(0, 3)) r.model.disconnect(s.id, 'logout');
  }
  await waitUntil(async () => {
    const res = (await (await app.api('/api/hotspot/sessions')).json()) as { sessions?: unknown[] };
    return (res.sessions?.length ?? 0) > 0;
  }, 20_000, 'ended sessions in the history');
  await fleet.routers[2]!.setFault({ kind: 'down' });
  await waitUntil(async () => {
    const b = (await (await app.api('/api/hotspot/stats')).json()) as { locations: Record<string, { status: string }> };
    return b.locations[fleet.routers[2]!.id]?.status === 'offline';
  }, 30_000, 'the third router to be offline');

  signedIn = await launchBrowser();
  await signInBrowser(signedIn.context, app);
  signedOut = await launchBrowser();
  const watch = watchProblems(problems, [404]);
  signedIn.context.on('page', watch);
  signedOut.context.on('page', watch);
});

afterAll(async () => {
  if (found.length) {
    const byRule = new Map<string, number>();
    for (const f of found) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + f.nodes);
    console.log(
      `accessibility: ${found.reduce((n, f) => n + f.nodes, 0)} failing elements\n` +
        [...byRule].map(([rule, n]) => `  ${rule}: ${n}`).join('\n') +
        '\n' +
        found.map((f) => `  ${f.theme} ${f.page}: ${f.rule} ×${f.nodes}`).join('\n'),
    );
  }
  await signedIn?.close();
  await signedOut?.close();
  await app?.stop();
  await fleet?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The signed-in pages, each with what shows that its live data has arrived; `shot` names a screenshot, to see the colours. */
const PAGES: Array<{ name: string; path: () => string; ready: (p: Page) => Promise<unknown>; shot?: string }> = [
  {
    name: 'overview',
    shot: 'a11y-overview',
    path: () => '/hotspot',
    ready: async (p) => {
      await waitUntil(async () => (await p.getByTestId('live-indicator').getAttribute('data-state')) === 'live', 20_000, 'the live stream');
      await waitUntil(async () => (await p.locator('[data-testid^="location-card-"][data-status]').count()) === 3, 20_000, 'three location cards');
      await p.locator('[data-testid^="location-card-"][data-status="offline"]').waitFor();
    },
  },
  { name: 'location', path: () => `/hotspot/${fleet.routers[0]!.id}`, ready: rowsOf('active-table') },
  { name: 'location offline', path: () => `/hotspot/${fleet.routers[2]!.id}`, ready: testId('status-banner') },
  { name: 'sessions', path: () => '/hotspot/sessions', ready: rowsOf('sessions-table') },
  { name: 'users', path: () => '/hotspot/users', ready: rowsOf('users-table') },
  { name: 'trends', path: () => '/hotspot/trends', ready: (p) => p.getByText(/times in your local time/).waitFor() },
  { name: 'vouchers', path: () => '/hotspot/vouchers', ready: rowsOf('voucher-table'), shot: 'a11y-vouchers' },
  { name: 'account', path: () => '/account', ready: testId('password-form') },
  { name: 'admin accounts', path: () => '/admin/accounts', ready: rowsOf('accounts-table'), shot: 'a11y-accounts' },
  { name: 'admin tokens', path: () => '/admin/tokens', ready: rowsOf('tokens-table') },
  { name: 'admin routers', path: () => '/admin/routers', ready: rowsOf('routers-table') },
  { name: 'admin audit', path: () => '/admin/audit', ready: rowsOf('audit-table') },
  { name: 'forbidden', path: () => '/forbidden?from=%2Fadmin%2Faccounts', ready: testId('forbidden') },
  { name: 'unknown location', path: () => '/hotspot/no-such-location', ready: testId('location-not-found') },
  { name: 'not found', path: () => '/no-such-page', ready: (p) => p.getByText('Page not found').waitFor() },
];

/** What a click opens, scanned too: the list layout, the account menu, the kick dialog, the account editor. */
const OPENED: Array<{ name: string; path: () => string; ready: (p: Page) => Promise<unknown>; open: (p: Page) => Promise<unknown> }> = [
  { name: 'overview as a list', path: () => '/hotspot', ready: PAGES[0]!.ready, open: (p) => p.getByRole('radio', { name: 'List' }).click().then(() => p.getByTestId('location-rows').waitFor()) },
  { name: 'account menu', path: () => '/account', ready: testId('password-form'), open: (p) => p.getByTestId('user-menu-button').click().then(() => p.getByTestId('user-menu').waitFor()) },
  {
    name: 'kick dialog',
    path: () => `/hotspot/${fleet.routers[0]!.id}`,
    ready: rowsOf('active-table'),
    open: (p) => p.getByRole('button', { name: /^Kick / }).first().click().then(() => p.getByTestId('kick-confirm').waitFor()),
  },
  { name: 'user dialog', path: () => '/hotspot/users', ready: rowsOf('users-table'), open: (p) => p.getByTestId('user-new').click().then(() => p.getByTestId('user-dialog').waitFor()) },
  { name: 'account editor', path: () => '/admin/accounts', ready: rowsOf('accounts-table'), open: (p) => p.getByRole('button', { name: 'Edit a11y-operator' }).click().then(() => p.getByTestId('account-edit').waitFor()) },
];

for (const theme of THEMES) {
  describe(`accessibility, ${theme} theme`, () => {
    for (const { name, path, ready, shot } of PAGES) {
      it(`${name} has no serious or critical violations`, async () => {
        const page = await openPage(signedIn, theme);
        try {
          await page.goto(`${app.url}${path()}`);
          await settle(page, ready);
          await scan(page, name, theme);
          if (shot) await shoot(page, `${shot}-${theme}`);
        } finally {
          await page.close();
        }
      });
    }

    for (const { name, path, ready, open } of OPENED) {
      it(`${name} has no serious or critical violations`, async () => {
        const page = await openPage(signedIn, theme);
        try {
          await page.goto(`${app.url}${path()}`);
          await settle(page, ready);
          await open(page);
          await scan(page, name, theme);
        } finally {
          await page.close();
        }
      });
    }

    it('the overview at phone width has none', async () => {
      const page = await openPage(signedIn, theme);
      try {
        await page.setViewportSize({ width: 360, height: 740 });
        await page.goto(`${app.url}/hotspot`);
        await settle(page, PAGES[0]!.ready);
        await scan(page, 'overview (phone)', theme);
      } finally {
        await page.close();
      }
    });

    it('the users page at phone width, a row\'s actions open, has none', async () => {
      const page = await openPage(signedIn, theme);
      try {
        await page.setViewportSize({ width: 390, height: 844 });
        await page.goto(`${app.url}/hotspot/users`);
        await settle(page, rowsOf('users-table'));
        await page.getByTestId('user-actions').first().click();
        await page.getByTestId('user-edit').first().waitFor();
        await scan(page, 'users (phone, actions open)', theme);
      } finally {
        await page.close();
      }
    });

    it('the sign-in page has none', async () => {
      const page = await openPage(signedOut, theme);
      try {
        await page.goto(`${app.url}/login?next=%2Fhotspot`);
        await settle(page, testId('login-form'));
        await scan(page, 'login', theme);
      } finally {
        await page.close();
      }
    });
  });
}

describe('accessibility of the one-time setup page', () => {
  it('has no serious or critical violations in either theme', async () => {
    const fresh = await startApp({ ADMIN_USERNAME: undefined, HOTSPOT_DB_PATH: join(tmp, 'fresh.db') });
    try {
      for (const theme of THEMES) {
        const page = await openPage(signedOut, theme);
        try {
          await page.goto(`${fresh.url}/setup`);
          await settle(page, testId('setup-form'));
          await scan(page, 'setup', theme);
        } finally {
          await page.close();
        }
      }
    } finally {
      await fresh.stop();
    }
  });
});

it('no page threw a script error or logged an unexpected console error', () => {
  expect(problems).toEqual([]);
});
