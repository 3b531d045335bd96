/** Types of `build.mjs` (plain JavaScript so `npm run build` needs no TypeScript loader). */
export function sourceFingerprint(): string;
export function buildIsCurrent(distDir?: string): boolean;
export function build(distDir?: string, stdio?: 'inherit' | 'ignore' | 'pipe'): void;
export function ensureBuild(options?: { distDir?: string; say?: (line: string) => void; stdio?: 'inherit' | 'ignore' | 'pipe' }): boolean;
