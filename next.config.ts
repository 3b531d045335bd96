import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  // prom-client keeps process-wide state (default metrics): one copy from node_modules for every bundle.
  serverExternalPackages: ['better-sqlite3', 'prom-client'],
  poweredByHeader: false,
  // The benchmark builds into its own folder so it never clobbers a dev server's `.next`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Prometheus scrapes `/metrics` by default; the route lives with the other API routes.
  async rewrites() {
    return [{ source: '/metrics', destination: '/api/metrics' }];
  },
};

export default nextConfig;
