import { unknownApiPath } from '@/server/http';

export const dynamic = 'force-dynamic';

/**
 * Every `/api/...` address no other route serves answers a JSON 404, whatever the method, rather
 * than the HTML not-found page an API client cannot read. Needs no sign-in: it tells nothing.
 */
export const GET = unknownApiPath;
export const HEAD = unknownApiPath;
export const POST = unknownApiPath;
export const PUT = unknownApiPath;
export const PATCH = unknownApiPath;
export const DELETE = unknownApiPath;
export const OPTIONS = unknownApiPath;
