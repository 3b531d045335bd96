import type { PrintSheet } from '@/lib/vouchers';

/**
 * A4 print sheet: the page's own print rules hide the app's header and lay the cards three across
 * in 10 mm margins, so eight rows fit a sheet and no card is split over two pages.
 */
const PRINT_CSS = `
@page { size: A4; margin: 10mm; }
@media print {
  body > *:not(main) { display: none !important; }
  body main { padding: 0 !important; max-width: none !important; }
  body { background: #fff !important; }
  .voucher-controls { display: none !important; }
}
.voucher-grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; width: 190mm; max-width: 100%; }
.voucher-card { break-inside: avoid; border: 0.6mm solid var(--brand); border-radius: 2.5mm; padding: 2.5mm; display: flex; gap: 2.5mm; background: #fff; color: #111; height: 32mm; box-sizing: border-box; }
.voucher-card svg { width: 26mm; height: 26mm; flex: none; }
`;

export function VoucherPrintSheet({ sheet }: { sheet: PrintSheet }) {
  const { brand } = sheet;
  return (
    <div className="voucher-sheet" style={{ ['--brand' as string]: brand.colour }}>
      <style>{PRINT_CSS}</style>
      <div className="voucher-controls mb-4 flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{sheet.title}</h1>
          <p className="text-sm text-muted">{sheet.cards.length} {sheet.cards.length === 1 ? 'card' : 'cards'} · {brand.name} design · use your browser’s Print (A4)</p>
        </div>
      </div>
      <div className="voucher-grid" data-testid="voucher-sheet">
        {sheet.cards.map((c) => (
          <article key={c.code} className="voucher-card" data-code={c.code} data-login-url={c.loginUrl}>
            <div className="voucher-qr" dangerouslySetInnerHTML={{ __html: c.qrSvg }} />
            <div style={{ minWidth: 0, display: 'flex', flexDirection: 'column', justifyContent: 'space-between', fontSize: '2.6mm', lineHeight: 1.25 }}>
              <div style={{ color: brand.colour, fontWeight: 700, fontSize: '3.2mm' }}>{brand.logoText}</div>
              <div style={{ fontFamily: 'ui-monospace, monospace', fontWeight: 700, fontSize: '4.2mm', letterSpacing: '0.3mm' }} data-testid="card-code">{c.code}</div>
              <div>{c.lines.join(' · ')}</div>
              <div style={{ fontWeight: 600 }}>{c.price}</div>
              {brand.footer && <div style={{ fontSize: '2.2mm', color: '#555' }}>{brand.footer}</div>}
            </div>
          </article>
        ))}
      </div>
    </div>
  );
}
