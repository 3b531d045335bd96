/** Next.js start-up hook. The work is in `server/boot.ts`, loaded only in the Node.js runtime. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { boot } = await import('./server/boot');
    await boot();
  }
}
