/**
 * The newcomer's path, shared by its browser test (`first-run.test.ts`) and its measurement
 * (`npm run bench:first-run`): the README's quick start lines, the first one run by a shell in a
 * checkout, and a browser that signs in with the password it prints and waits for the live fleet.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from 'playwright-core';
import { waitUntil } from './support';

/** The command lines of the README's "Quick start" code block. */
export function quickStartLines(readme: string): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Quick start'));
  if (!section) throw new Error('README.md has no "## Quick start" section');
  const block = /```(?:sh|bash|shell)?\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('the quick start has no code block');
  return block[1]!
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

export interface QuickStart {
  /** Everything the line printed so far. */
  output(): string;
  /** Waits until the demo prints its address and the admin's password. */
  printed(timeoutMs: number): Promise<{ url: string; password: string }>;
  /** Stops the whole process group the line started (npm, tsx, the demo, the server). */
  stop(): Promise<void>;
}

/**
 * Runs `line` with bash in `cwd`, as a person pastes it. `env` is added to ours (PORT and the demo's
 * database path, so a run does not collide with a developer's own demo).
 */
export function runQuickStart(line: string, cwd: string, env: Record<string, string>): QuickStart {
  let out = '';
  const child: ChildProcess = spawn('bash', ['-c', line], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    output: () => out,
    async printed(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const url = /^Dashboard: (http:\/\/localhost:\d+)/m.exec(out)?.[1];
        const password = /^ {2}admin +(\S+) +admin, all locations$/m.exec(out)?.[1];
        if (url && password) return { url, password };
        if (child.exitCode !== null) throw new Error(`the quick start exited with ${child.exitCode}:\n${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`the demo printed no address and accounts within ${timeoutMs / 1000} s:\n${out}`);
    },
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const pid = child.pid;
      process.kill(-pid, 'SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Opens `url`, signs in as admin the moment the button shows (hydrated or not: both must work), and
 * waits for the overview with `routers` location cards, a connected live stream and live counts.
 * Throws with what it was waiting for when that does not come.
 */
export async function signInToLiveOverview(page: Page, url: string, password: string, routers: number): Promise<void> {
  await page.goto(url);
  await page.waitForURL(/\/login/);
  const button = page.getByRole('button', { name: 'Sign in' });
  await button.waitFor({ state: 'visible' });
  await page.locator('input[name=username]').fill('admin');
  await page.locator('input[name=password]').fill(password);
  await button.click();
  await page.waitForURL(/\/hotspot$/, { timeout: 30_000 });
  const cards = page.locator('[data-testid^="location-card-"]');
  await waitUntil(async () => (await cards.count()) === routers, 30_000, `${routers} location cards`);
  await waitUntil(async () => (await page.getByTestId('live-indicator').getAttribute('data-state')) === 'live', 30_000, 'the live stream');
  await waitUntil(async () => Number(await page.getByTestId('total-active').getAttribute('data-value')) > 0, 60_000, 'active users from the routers');
}
