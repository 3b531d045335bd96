import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** Where screenshots go (ignored by git). */
export const SCREENSHOTS = join(fileURLToPath(new URL('../..', import.meta.url)), 'screenshots');

export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * The simulator's clock, which a test can stop: while paused, no simulated user logs in or out
 * on their own, so what the page shows can be compared with the model exactly.
 */
export interface PausableClock {
  now(): number;
  pause(): void;
  resume(): void;
}

export function pausableClock(): PausableClock {
  let frozenAt: number | null = null;
  let lag = 0;
  return {
    now: () => frozenAt ?? Date.now() - lag,
    pause() {
      if (frozenAt === null) frozenAt = Date.now() - lag;
    },
    resume() {
      if (frozenAt === null) return;
      lag = Date.now() - frozenAt;
      frozenAt = null;
    },
  };
}

/** Polls `check` until it returns true (for hooks, where `expect.poll` is not available). */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * Collects a page's script errors and console errors into `problems`. `expectedStatuses` are HTTP
 * answers the test provokes on purpose (the browser logs each as a failed load); anything else counts.
 */
export function watchProblems(problems: string[], expectedStatuses: number[] = []): (p: Page) => void {
  const expected = expectedStatuses.length ? new RegExp(`Failed to load resource: the server responded with a status of (${expectedStatuses.join('|')})`) : null;
  return (p) => {
    p.on('pageerror', (e) => problems.push(`${p.url()}: ${e.message}`));
    // The console names only the page; the response names what failed.
    p.on('response', (r) => {
      if (r.status() >= 400 && !expectedStatuses.includes(r.status())) problems.push(`${p.url()}: ${r.request().method()} ${r.url()} answered ${r.status()}`);
    });
    p.on('console', (m) => {
      if (m.type() === 'error' && !expected?.test(m.text()) && !/^Failed to load resource: the server responded with a status of/.test(m.text())) problems.push(`${p.url()}: ${m.text()}`);
    });
  };
}
