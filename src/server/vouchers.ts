/**
 * Vouchers at the HTTP edge: who may see or change a batch, rows as the API returns them, and the
 * cards of a print sheet with their QR codes (SVG, rendered here so the browser needs no library).
 */
import QRCode from 'qrcode';
import { z } from 'zod';
import { DEFAULT_LOGIN_URL, limitsInWords, loginUrl, type PrintSheet, type VoucherBatchView, type VoucherBrand, type VoucherView } from '@/lib/vouchers';
import { profileWarnings, type HotspotProfile } from '@/lib/hotspot-users';
import type { BatchRow, BatchSummary, VoucherRow, VoucherStatsRow, VoucherStore } from '@/store/vouchers';

export type { BatchRow };
import { canSee, type Principal } from './auth/principal';
import { DomainError } from './errors';
import type { Runtime } from './runtime';

/** The look of cards whose batch has no brand (or whose brand was deleted). */
export const DEFAULT_BRAND: VoucherBrand = { id: 0, name: 'Default', colour: '#0f766e', logoText: 'WiFi voucher', loginUrl: DEFAULT_LOGIN_URL, footer: '' };

/** Whether the principal sees a batch: any of its locations is theirs. */
export function seesBatch(p: Principal, b: Pick<BatchRow, 'locations'>): boolean {
  return p.locations === null || b.locations.some((l) => canSee(p, l));
}

/** A batch the principal may see, or not-found (a batch of other locations does not exist for them). */
export async function visibleBatch(runtime: Runtime, p: Principal, id: number): Promise<BatchRow> {
  const b = await runtime.vouchers.store.batch(id);
  if (!b || !seesBatch(p, b)) throw new DomainError('not-found', `No voucher batch ${id}`);
  return b;
}

/** Refuses a change to a batch unless every one of its locations is the principal's. */
export function requireManages(p: Principal, b: Pick<BatchRow, 'id' | 'locations'>): void {
  const other = b.locations.filter((l) => !canSee(p, l));
  if (other.length) throw new DomainError('location-not-allowed', `Batch ${b.id} also targets ${other.join(', ')}, which your account may not manage.`);
}

export function presentBatch(b: BatchSummary): VoucherBatchView {
  return { ...b };
}

export function presentVoucher(v: VoucherRow): VoucherView {
  return {
    code: v.code,
    batchId: v.batchId,
    state: v.state,
    createdAt: v.createdAt,
    firstUsedAt: v.firstUsedAt,
    firstLocation: v.firstLocation,
    onlineLocation: v.onlineLocation,
    onlineSince: v.onlineSince,
    lastSeenAt: v.lastSeenAt,
    expiresAt: v.expiresAt,
    finishedAt: v.finishedAt,
    usedSeconds: v.usedSeconds,
    usedBytes: v.usedBytes,
  };
}

/** `500` NGN → `NGN 500`; `2.5` → `NGN 2.50`. */
export function priceWords(price: number, currency: string): string {
  if (price === 0) return 'Free';
  return `${currency} ${Number.isInteger(price) ? price.toLocaleString('en') : price.toFixed(2)}`;
}

/** The cards of a batch's unused vouchers, or of one voucher (a reprint), for the principal. */
export async function printSheet(runtime: Runtime, p: Principal, what: { batch?: number; code?: string }): Promise<PrintSheet> {
  const store = runtime.vouchers.store;
  let batch: BatchRow;
  let vouchers: VoucherRow[];
  if (what.code !== undefined) {
    const v = await store.voucher(what.code.toUpperCase());
    if (!v || !seesBatch(p, v.batch)) throw new DomainError('not-found', `No voucher ${what.code}`);
    batch = v.batch;
    vouchers = [v];
  } else if (what.batch !== undefined) {
    batch = await visibleBatch(runtime, p, what.batch);
    vouchers = (await store.ofBatch(batch.id)).filter((v) => v.state === 'unused');
  } else throw new DomainError('invalid-input', 'Name a batch (batch=ID) or a voucher (code=CODE) to print');
  const brand = (batch.brandId !== null && (await store.brands.get(batch.brandId))) || DEFAULT_BRAND;
  const lines = limitsInWords(batch);
  const cards = await Promise.all(
    vouchers.map(async (v) => {
      const url = loginUrl(brand.loginUrl, v.code);
      // Error correction M survives a crease or a smudge; margin 1 keeps the card compact.
      const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      return { code: v.code, lines, price: priceWords(batch.price, batch.currency), loginUrl: url, qrSvg };
    }),
  );
  return { brand, title: `${batch.name} (${batch.profile})`, cards };
}

export { BatchInputSchema } from '@/vouchers/generate';

/** A brand as an admin sends it. The login URL must carry `{code}`, or no card could log in. */
export const BrandSchema = z
  .object({
    name: z.string().trim().min(1).max(60),
    colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #0f766e'),
    logoText: z.string().trim().min(1).max(40),
    loginUrl: z
      .string()
      .max(300)
      .refine((u) => u.includes('{code}'), 'must contain {code}')
      .refine((u) => /^https?:\/\/[^\s]+$/.test(u), 'must be an http:// or https:// address'),
    footer: z.string().max(120).default(''),
  })
  .strict();

/** Sales and usage over the last `days` days (default 30), in `locations` (undefined: all). */
export function recentSales(store: VoucherStore, locations: string[] | undefined, days = 30): Promise<VoucherStatsRow[]> {
  const to = Date.now();
  return store.stats({ from: to - days * 86_400_000, to, locations });
}

/**
 * Checks a batch's profile at its target locations before any voucher is made: a profile missing
 * at a router that answers is refused (every add there would be rejected and retried for ever);
 * one set differently between locations is a warning the operator sees. Profiles are read over the
 * monitor's connections, at most a minute old; an unreachable router is not checked.
 */
export async function checkBatchProfile(runtime: Runtime, profile: string, locations: readonly string[]): Promise<string[]> {
  const read = await Promise.all(locations.map((l) => runtime.monitor.hotspotProfiles(l, { maxAgeMs: 60_000 })));
  // In the batch's order, so the message names locations as the operator listed them.
  const byLocation: Record<string, HotspotProfile[]> = {};
  read.forEach((r, i) => {
    if (r.ok) byLocation[locations[i]!] = r.value;
  });
  const warnings = profileWarnings(byLocation, [profile]);
  const missing = warnings.find((w) => w.kind === 'missing');
  if (missing) throw new DomainError('invalid-input', `profile: ${missing.message}`);
  return warnings.map((w) => w.message);
}
