/**
 * Vouchers in a real browser on the production build: an admin generates a batch on the Vouchers
 * page, the batch lands on the simulated routers, the print sheet's QR codes (decoded with jsQR
 * from the rendered SVG pixels) give each card's own login URL, and a voucher logged in on a
 * simulated router turns "In use" on the open page without a reload.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@/simulator';
import { ensureBuild, startApp, waitAllOnline, type AppServer } from './app-server';
import { signInBrowser } from './auth';
import { launchBrowser, type Browser } from './browser';
import { SCREENSHOTS, shoot, waitUntil, watchProblems } from './support';

let fleet: SimFleet;
let app: AppServer;
let browser: Browser;
let tmp: string;
const problems: string[] = [];
const SIZE = 240;

beforeAll(async () => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-vouchers-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  fleet = await startFleet({ routers: 3, users: 20, initialActive: 2, tickMs: 0 });
  app = await startApp({ ...fleet.env(), HOTSPOT_DB_PATH: join(tmp, 'vouchers.db'), HOTSPOT_POLL_INTERVAL: '1' });
  await waitAllOnline(app);
  browser = await launchBrowser({ width: 1280, height: 900 });
  browser.context.on('page', watchProblems(problems));
  await signInBrowser(browser.context, app);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await fleet?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('vouchers page', () => {
  it('generates a batch, prints QR codes that log each card in, and shows a voucher in use live', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${app.url}/hotspot/vouchers`);
    const form = page.getByTestId('generate-form');
    await expect.poll(() => form.getAttribute('data-hydrated')).toBe('true');
    await form.getByLabel('Batch name').fill('E2E cards');
    await form.getByLabel('How many').fill('6');
    await form.getByLabel('Prefix').fill('ph');
    for (const r of fleet.routers) await form.getByLabel(r.name).check();
    await form.getByRole('button', { name: 'Generate' }).click();
    const made = page.getByTestId('generated');
    await expect.poll(() => made.textContent(), { timeout: 15_000 }).toMatch(/6 vouchers/);
    const batchId = Number((await made.textContent())!.match(/Batch (\d+)/)![1]);

    // Every router got the six users.
    await waitUntil(async () => {
      const res = await app.api(`/api/vouchers/batches/${batchId}`);
      return ((await res.json()) as { batch: { pendingOps: number } }).batch.pendingOps === 0;
    }, 30_000, 'the batch on every router');
    const list = (await (await app.api(`/api/vouchers?batch=${batchId}`)).json()) as { vouchers: Array<{ code: string }> };
    const codes = list.vouchers.map((v) => v.code).sort();
    expect(codes).toHaveLength(6);
    for (const r of fleet.routers) expect(r.model.users().filter((u) => codes.includes(u.name))).toHaveLength(6);

    const print = await browser.context.newPage();
    await print.goto(`${app.url}/hotspot/vouchers/print?batch=${batchId}`);
    const cards = await print.evaluate(async (size) => {
      const out: Array<{ code: string; url: string; pixels: number[] }> = [];
      for (const card of document.querySelectorAll<HTMLElement>('.voucher-card')) {
        const svg = card.querySelector('svg')!.cloneNode(true) as SVGSVGElement;
        svg.setAttribute('width', String(size));
        svg.setAttribute('height', String(size));
        const img = new Image();
        img.src = `data:image/svg+xml;base64,${btoa(new XMLSerializer().serializeToString(svg))}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = size;
        const ctx = canvas.getContext('2d')!;
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, size, size);
        ctx.drawImage(img, 0, 0, size, size);
        out.push({ code: card.dataset.code!, url: card.dataset.loginUrl!, pixels: Array.from(ctx.getImageData(0, 0, size, size).data) });
      }
      return out;
    }, SIZE);
    expect(cards.map((c) => c.code).sort()).toEqual(codes);
    for (const c of cards) {
      const decoded = jsQR(new Uint8ClampedArray(c.pixels), SIZE, SIZE);
      expect(decoded?.data).toBe(`http://10.5.50.1/login?username=${c.code}&password=${c.code}`);
      expect(c.code).toMatch(/^PH[2-9A-HJKMNPR-TV-Z]{8}$/);
    }
    await shoot(print, 'vouchers-print-sheet');

    // A voucher logs in at the second router: the open page shows it in use there, without a reload,
    // because the live stream told it. The page is opened afresh and given a few seconds only, so
    // its 30 s fallback refresh cannot be what shows it.
    await page.reload();
    await expect.poll(() => page.getByTestId('live-indicator').getAttribute('data-state')).toBe('live');
    await page.evaluate(() => ((window as { notReloaded?: boolean }).notReloaded = true));
    const code = codes[0]!;
    const router = fleet.routers[1]!;
    router.model.login({ user: code, password: code });
    const row = page.locator(`[data-testid="voucher-table"] tr[data-code="${code}"]`);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 5_000 }).toBe('in-use');
    expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await row.getByTestId('voucher-where').textContent()).toContain(`Online at ${router.name}`);
    await shoot(page, 'vouchers-in-use');

    // A reprint of the one voucher is a sheet of one card.
    await print.goto(`${app.url}/hotspot/vouchers/print?code=${code}`);
    expect(await print.locator('.voucher-card').count()).toBe(1);
    expect(problems).toEqual([]);
  }, 180_000);
});
