import { viewerOf } from '@/server/auth/principal';
import { json, route } from '@/server/http';

export const dynamic = 'force-dynamic';

/** Who is signed in (or which token is calling): name, role and locations. */
export const GET = route('read', ({ principal }) => json({ user: viewerOf(principal), kind: principal.kind }));
