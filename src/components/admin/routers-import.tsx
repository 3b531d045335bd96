'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { messageOf, sendJson } from '../api';
import { Button } from '../ui/button';
import { ClientForm } from '../ui/client-form';
import { Field, inputClass } from '../ui/field';
import { Notice } from '../ui/notice';

interface Problem {
  line: number;
  router?: string;
  field: string;
  message: string;
}
type Preview = { valid: string[]; problems: Problem[] };

const CSV_EXAMPLE = `name,host,port,tls,user,password,interface,poll_interval,address,lat,lon,notes
Awka Main,10.1.0.1,8728,false,api-monitor,s3cret,ether1,,12 Zik Ave,6.2107,7.0722,`;

/**
 * Many routers at once from CSV or `.env` lines: a preview first that names each bad row and
 * field, then an import of the good rows. The pasted text (with passwords) stays in this form only.
 */
export function RoutersImport() {
  const router = useRouter();
  const [format, setFormat] = useState<'csv' | 'env'>('csv');
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (asPreview: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await sendJson<{ valid?: string[]; added?: string[]; problems: Problem[] }>('POST', '/api/routers/import', { format, text, preview: asPreview });
      if (asPreview) {
        setPreview({ valid: answer.valid ?? [], problems: answer.problems });
        setDone(null);
      } else {
        setDone(`Imported ${answer.added?.length ?? 0} router${answer.added?.length === 1 ? '' : 's'}${answer.problems.length ? `; ${answer.problems.length} row${answer.problems.length === 1 ? '' : 's'} left out` : ''}.`);
        setPreview(null);
        setText('');
        router.refresh();
      }
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(true);
  };
  return (
    <ClientForm onSubmit={submit} className="space-y-3" data-testid="routers-import" autoComplete="off">
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="sr-only">Format</legend>
        {(['csv', 'env'] as const).map((f) => (
          <label key={f} className="flex items-center gap-2">
            <input type="radio" name="format" value={f} checked={format === f} onChange={() => (setFormat(f), setPreview(null))} className="accent-accent" />
            {f === 'csv' ? 'CSV' : '.env lines (MIKROTIK_*)'}
          </label>
        ))}
      </fieldset>
      <Field label={format === 'csv' ? 'CSV with a header line' : 'MIKROTIK_<ID>_* lines'} hint={format === 'csv' ? 'Columns: id (optional), name, host, port, tls, user, password, interface, poll_interval, address, lat, lon, notes, disabled.' : 'As in an .env file: MIKROTIK_AWKA_HOST=…, _USER, _PASSWORD, optional _PORT, _TLS, _NAME, _INTERFACE.'}>
        {(p) => (
          <textarea
            {...p}
            name="import-text"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setPreview(null);
            }}
            rows={6}
            spellCheck={false}
            placeholder={format === 'csv' ? CSV_EXAMPLE : 'MIKROTIK_AWKA_HOST=10.1.0.1\nMIKROTIK_AWKA_USER=api-monitor\nMIKROTIK_AWKA_PASSWORD=…'}
            className={`${inputClass} py-2 font-mono text-xs`}
          />
        )}
      </Field>
      <label className="block text-sm">
        <span className="text-muted">or read a file: </span>
        <input type="file" accept=".csv,.env,.txt,text/csv,text/plain" onChange={async (e) => {
          const file = e.target.files?.[0];
          if (file) {
            setText(await file.text());
            setPreview(null);
          }
        }} className="text-sm" />
      </label>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy || !text.trim()} data-testid="import-preview">
          Preview
        </Button>
        {preview && preview.valid.length > 0 && (
          <Button tone="primary" onClick={() => void run(false)} disabled={busy} data-testid="import-confirm">
            Import {preview.valid.length} router{preview.valid.length === 1 ? '' : 's'}
          </Button>
        )}
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      {done && (
        <Notice tone="ok" testId="import-done">
          {done}
        </Notice>
      )}
      {preview && (
        <div data-testid="import-preview-result" className="space-y-2 text-sm">
          <p>
            {preview.valid.length} row{preview.valid.length === 1 ? '' : 's'} ready to import; {preview.problems.length} with problems{preview.problems.length ? ' (left out):' : '.'}
          </p>
          {preview.problems.length > 0 && (
            <ul className="max-h-64 list-disc space-y-1 overflow-y-auto pl-5 text-rose-700 dark:text-rose-300">
              {preview.problems.map((p, i) => (
                <li key={i} data-line={p.line} data-field={p.field}>
                  {p.line ? `Line ${p.line}` : 'File'}
                  {p.router ? ` (${p.router})` : ''}: <strong>{p.field}</strong> {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </ClientForm>
  );
}
