import next from 'eslint-config-next';
import nextTs from 'eslint-config-next/typescript';

/**
 * Imports only point down the module list of docs/architecture.md. These rules make the layering
 * a build failure rather than a convention.
 */
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const above = (names) => names.flatMap((n) => [`@/${n}`, `@/${n}/*`, `**/${n}/*`, `../${n}`, `../../${n}`]);

const config = [
  { ignores: ['.next/**', '.next-*/**', 'node_modules/**', 'next-env.d.ts', 'data/**', 'screenshots/**', 'test-results/**'] },
  ...next,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Typed rules: the store's interfaces are asynchronous (src/store/api.ts), and a promise left
    // unawaited loses its error and its ordering, one used as a condition is always true, and one
    // returned from a try block is not caught by it.
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // A promise returned from inside try without await escapes its catch (and its finally runs early).
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
    },
  },
  {
    files: ['src/routeros/**'],
    rules: restrict([{ group: above(['simulator', 'collector', 'store', 'monitor', 'server', 'app', 'components', 'lib', 'metrics']), message: 'src/routeros depends on node built-ins only.' }]),
  },
  {
    files: ['src/lib/**'],
    rules: restrict([{ group: above(['routeros', 'simulator', 'collector', 'store', 'monitor', 'server', 'app', 'components', 'config', 'log', 'metrics']), message: 'src/lib is pure and imports nothing of the app.' }]),
  },
  {
    files: ['src/config/**'],
    rules: restrict([{ group: above(['routeros', 'simulator', 'collector', 'store', 'monitor', 'server', 'app', 'components', 'log', 'metrics']), message: 'src/config reads the environment and may use src/lib only.' }]),
  },
  {
    files: ['src/log/**'],
    rules: restrict([{ group: above(['routeros', 'simulator', 'collector', 'store', 'monitor', 'server', 'app', 'components', 'metrics']), message: 'src/log may use src/config and src/lib only.' }]),
  },
  {
    files: ['src/simulator/**'],
    rules: restrict([{ group: above(['store', 'collector', 'monitor', 'server', 'app', 'components', 'metrics']), message: 'src/simulator may only use src/routeros.' }]),
  },
  {
    files: ['src/store/**'],
    rules: restrict([{ group: above(['routeros', 'simulator', 'collector', 'monitor', 'server', 'app', 'components', 'metrics']), message: 'src/store uses only node built-ins and its driver.' }]),
  },
  {
    files: ['src/monitor/**'],
    rules: restrict([{ group: above(['simulator', 'collector', 'server', 'app', 'components', 'metrics']), message: 'src/monitor may use routeros, store, config, log and lib only.' }]),
  },
  {
    files: ['src/metrics/**'],
    rules: restrict([{ group: above(['routeros', 'simulator', 'collector', 'store', 'server', 'app', 'components', 'alerts', 'vouchers']), message: 'src/metrics turns the live picture into Prometheus metrics for web servers and collectors: it may use monitor, config, log and lib only.' }]),
  },
  {
    files: ['src/collector/**'],
    rules: restrict([{ group: above(['simulator', 'server', 'app', 'components']), message: 'src/collector runs the monitor on its own thread: it may use monitor, store, routeros, config, log and lib only.' }]),
  },
  {
    files: ['src/app/**'],
    rules: restrict([{ group: above(['routeros', 'simulator', 'collector', 'monitor', 'store', 'metrics']), message: 'src/app uses src/server, src/components and src/lib only: pages never talk to routers or the database directly.' }]),
  },
  {
    files: ['src/components/**'],
    rules: restrict([{ group: above(['routeros', 'simulator', 'collector', 'monitor', 'store', 'server', 'app', 'metrics']), message: 'src/components uses src/lib and other components only: data comes in as props or over the API.' }]),
  },
];

export default config;
