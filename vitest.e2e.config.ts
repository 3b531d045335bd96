import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/**
 * Browser tests (`npm run test:e2e`): a real Chromium against `next start` on a simulated fleet.
 * One file at a time, long timeouts (the first run builds the app). `npm test` runs them after the unit and integration tests.
 */
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // A browser on a busy 2-core machine: a page's stream or a count may take seconds, not one.
    expect: { poll: { timeout: 15_000 } },
    maxWorkers: 1,
  },
});
