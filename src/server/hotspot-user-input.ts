/**
 * What the users API accepts, validated once (zod) for create, edit and the bulk actions, and how
 * a change is written into the audit log: field names and values, never a password.
 */
import { z } from 'zod';
import { MAC_ADDRESS, ROUTER_ID, type HotspotUserInput } from '@/lib/hotspot-users';

/** Text a router stores as typed: no control characters (they would break the audit and CSVs). */
const text = (max: number) => z.string().max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');

/** A user name: not empty, and not something the API would read as an item id (`*1A`). */
export const userName = text(64)
  .trim()
  .min(1, 'must not be empty')
  .refine((s) => !ROUTER_ID.test(s), 'must not look like a RouterOS id (*1A)');

const TEN_YEARS_S = 10 * 365 * 86400;

/** The editable fields. `0` and `null` both mean "no limit". */
export const UserFields = z.object({
  name: userName.optional(),
  password: text(64).optional(),
  profile: text(64).trim().min(1).optional(),
  mac: z.string().regex(MAC_ADDRESS, 'must be a MAC address like AA:BB:CC:DD:EE:FF').nullable().optional(),
  limitUptimeSeconds: z.number().int().min(0).max(TEN_YEARS_S).nullable().optional(),
  limitBytesTotal: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  comment: text(200).nullable().optional(),
  disabled: z.boolean().optional(),
});

export const NewUser = UserFields.extend({ location: z.string().min(1).max(64), name: userName });

/** The router's input from validated fields: empty comment and zero limits become "none". */
export function toInput(f: z.infer<typeof UserFields>): HotspotUserInput {
  const out: HotspotUserInput = { ...f };
  if (f.limitUptimeSeconds === 0) out.limitUptimeSeconds = null;
  if (f.limitBytesTotal === 0) out.limitBytesTotal = null;
  if (f.comment === '') out.comment = null;
  return out;
}

/** An edit in words for the audit log: `profile=daily, mac-address=none, password changed`. */
export function describeChange(input: HotspotUserInput): string {
  const parts: string[] = [];
  const show = (v: unknown) => (v === null ? 'none' : String(v));
  if (input.name !== undefined) parts.push(`name=${input.name}`);
  if (input.profile !== undefined) parts.push(`profile=${input.profile}`);
  if (input.mac !== undefined) parts.push(`mac-address=${show(input.mac)}`);
  if (input.limitUptimeSeconds !== undefined) parts.push(`limit-uptime=${show(input.limitUptimeSeconds)}`);
  if (input.limitBytesTotal !== undefined) parts.push(`limit-bytes-total=${show(input.limitBytesTotal)}`);
  if (input.comment !== undefined) parts.push(`comment=${show(input.comment)}`);
  if (input.disabled !== undefined) parts.push(`disabled=${input.disabled}`);
  if (input.password !== undefined) parts.push('password changed');
  return parts.join(', ');
}

/** A router item id in a path (`*1A`; Next.js has decoded `%2A1A` once already). */
export function isUserId(segment: string): boolean {
  return ROUTER_ID.test(segment);
}
