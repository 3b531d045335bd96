/**
 * Adding, changing and showing channels. Secrets are write-only: they are validated, sealed with
 * the secret box and stored; what is shown says only whether one is set.
 */
import { z } from 'zod';
import type { ChannelView } from '@/lib/alerts';
import type { AlertStore, ChannelKind, ChannelRow } from '@/store/alerts';
import type { SecretBox } from '@/store/secret-box';
import { ChannelConfigSchemas, ChannelSecretSchemas } from './channels';
import { secretContext } from './outbox';

/** A channel is shown as failing after this many failed attempts in a row. */
export const FAILING_AFTER = 3;

const KINDS = ['telegram', 'email', 'webhook'] as const;
const Name = z.string().trim().min(1, 'name is required').max(64);

export const NewChannelSchema = z.object({
  name: Name,
  kind: z.enum(KINDS),
  enabled: z.boolean().default(true),
  config: z.record(z.string(), z.unknown()),
  secret: z.record(z.string(), z.unknown()).optional(),
});
export type NewChannel = z.input<typeof NewChannelSchema>;

export const ChannelChangeSchema = z.object({
  name: Name.optional(),
  enabled: z.boolean().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  /** New secrets replace the stored ones; absent keeps them. */
  secret: z.record(z.string(), z.unknown()).optional(),
});
export type ChannelChange = z.input<typeof ChannelChangeSchema>;

/**
 * A webhook address as non-admins see it: the origin only. Chat and webhook services often put a
 * credential in the path or query (`/services/T0/B0/XXXX`, `?token=`), so those stay with admins.
 */
function redactUrl(url: unknown): string {
  try {
    return `${new URL(String(url)).origin}/…`;
  } catch {
    return '…';
  }
}

/**
 * A channel as the API shows it: never a secret; `failing` after {@link FAILING_AFTER} failed
 * attempts in a row. `full` (admins) includes the whole webhook URL.
 */
export function presentChannel(c: ChannelRow, full = true): ChannelView {
  const config = full || c.kind !== 'webhook' ? c.config : { ...c.config, url: redactUrl(c.config.url) };
  const health = c.failures >= FAILING_AFTER ? 'failing' : c.lastOkAt === null && c.lastErrorAt === null ? 'untested' : 'ok';
  return { id: c.id, name: c.name, kind: c.kind, enabled: c.enabled, config, hasSecret: c.sealedSecret !== null, health, failures: c.failures, lastError: c.lastError, lastOkAt: c.lastOkAt, lastErrorAt: c.lastErrorAt };
}

/** Domain error of channel changes, mapped to 400/404/409 at the API edge. */
export class ChannelError extends Error {
  override name = 'ChannelError';
  constructor(
    readonly code: 'unknown-channel' | 'name-taken',
    message: string,
  ) {
    super(message);
  }
}

function sealSecret(box: SecretBox, kind: ChannelKind, secret: Record<string, unknown> | undefined, id: number): string | null {
  const parsed = ChannelSecretSchemas[kind].parse(secret ?? {});
  return Object.values(parsed).some((v) => v !== undefined && v !== '') ? box.seal(JSON.stringify(parsed), secretContext(id)) : null;
}

export async function createChannel(store: AlertStore, box: SecretBox, input: NewChannel): Promise<ChannelRow> {
  const c = NewChannelSchema.parse(input);
  const config = ChannelConfigSchemas[c.kind].parse(c.config) as Record<string, unknown>;
  ChannelSecretSchemas[c.kind].parse(c.secret ?? {});
  if ((await store.channels()).some((x) => x.name.toLowerCase() === c.name.toLowerCase())) throw new ChannelError('name-taken', `A channel named "${c.name}" exists`);
  return store.createChannel({ name: c.name, kind: c.kind, enabled: c.enabled, config }, (id) => sealSecret(box, c.kind, c.secret, id));
}

export async function updateChannel(store: AlertStore, box: SecretBox, id: number, input: ChannelChange): Promise<ChannelRow> {
  const old = await store.channel(id);
  if (!old) throw new ChannelError('unknown-channel', `No channel with id ${id}`);
  const c = ChannelChangeSchema.parse(input);
  if (c.name && (await store.channels()).some((x) => x.id !== id && x.name.toLowerCase() === c.name!.toLowerCase())) throw new ChannelError('name-taken', `A channel named "${c.name}" exists`);
  const config = c.config ? (ChannelConfigSchemas[old.kind].parse({ ...old.config, ...c.config }) as Record<string, unknown>) : undefined;
  const sealedSecret = c.secret ? sealSecret(box, old.kind, c.secret, id) : undefined;
  const row = await store.updateChannel(id, { name: c.name, enabled: c.enabled, config, sealedSecret });
  if (!row) throw new ChannelError('unknown-channel', `No channel with id ${id}`);
  return row;
}
