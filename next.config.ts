import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  // The benchmark builds into its own folder so it never clobbers a dev server's `.next`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
};

export default nextConfig;
