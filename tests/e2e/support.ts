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
