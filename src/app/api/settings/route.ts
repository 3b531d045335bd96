import { json, route } from '@/server/http';
import { routerViews, settingsView } from '@/server/settings';

export const dynamic = 'force-dynamic';

/**
 * The configuration in force (admins only): each location's router address, port, TLS and API user,
 * and the process settings. Read-only: it comes from the environment. Never a password.
 */
export const GET = route('admin', async ({ runtime }) => json({ locations: await routerViews(runtime), settings: settingsView(runtime) }));
