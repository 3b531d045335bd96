/** The brands printed voucher cards carry: a name, a colour, logo text and the login URL template. */
import type { VoucherBrand } from '@/lib/vouchers';
import type { Db } from './db';
import type { VoucherBrandsApi } from './vouchers-api';

/** What a new brand needs; `footer` defaults to empty. */
export type NewBrand = Omit<VoucherBrand, 'id' | 'footer'> & { footer?: string };

type Raw = Record<string, unknown>;

const toBrand = (r: Raw): VoucherBrand => ({
  id: r.id as number,
  name: r.name as string,
  colour: r.colour as string,
  logoText: r.logo_text as string,
  loginUrl: r.login_url as string,
  footer: r.footer as string,
});

/** Brands, one table; names are unique regardless of case. */
export class BrandStore implements VoucherBrandsApi {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async list(): Promise<VoucherBrand[]> {
    return (this.db.prepare('SELECT * FROM voucher_brands ORDER BY name').all() as Raw[]).map(toBrand);
  }

  async get(id: number): Promise<VoucherBrand | undefined> {
    const r = this.db.prepare('SELECT * FROM voucher_brands WHERE id = ?').get(id) as Raw | undefined;
    return r && toBrand(r);
  }

  /** Adds a brand; undefined when the name is taken. */
  async create(b: NewBrand): Promise<VoucherBrand | undefined> {
    const at = this.now();
    const r = this.db
      .prepare('INSERT INTO voucher_brands (name, colour, logo_text, login_url, footer, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *')
      .get(b.name, b.colour, b.logoText, b.loginUrl, b.footer ?? '', at, at) as Raw | undefined;
    return r && toBrand(r);
  }

  /** Replaces a brand's fields; undefined when there is no such brand (or the new name is taken). */
  async update(id: number, b: NewBrand): Promise<VoucherBrand | undefined> {
    try {
      const r = this.db
        .prepare('UPDATE voucher_brands SET name = ?, colour = ?, logo_text = ?, login_url = ?, footer = ?, updated_at = ? WHERE id = ? RETURNING *')
        .get(b.name, b.colour, b.logoText, b.loginUrl, b.footer ?? '', this.now(), id) as Raw | undefined;
      return r && toBrand(r);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
      throw err;
    }
  }

  /** Removes a brand; batches that used it print with the default look afterwards. */
  async delete(id: number): Promise<VoucherBrand | undefined> {
    const r = this.db.prepare('DELETE FROM voucher_brands WHERE id = ? RETURNING *').get(id) as Raw | undefined;
    return r && toBrand(r);
  }
}
