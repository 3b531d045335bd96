import { describe, expect, it } from 'vitest';
import { idFromName } from '@/lib/router-id';
import { parseCsv, parseRouterCsv, parseRouterEnv, RouterChangeInput } from './router-input';

describe('idFromName', () => {
  it('makes a URL-safe id', () => {
    expect(idFromName('Port Harcourt (Main)')).toBe('port-harcourt-main');
    expect(idFromName('  Àbújá 2 ')).toBe('abuja-2');
  });
});

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, commas and newlines inside quotes, CRLF, and skips blank lines', () => {
    expect(parseCsv('a,b\r\n"x,1","say ""hi"""\n\n"two\nlines",z\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x,1', 'say "hi"'] },
      { line: 4, cells: ['two\nlines', 'z'] },
    ]);
  });
});

describe('parseRouterCsv', () => {
  it('defaults the id and port, and names each bad row by line and field', () => {
    const text = ['name,host,tls,user,password,lat,lon', 'Awka Main,10.0.0.1,yes,api,pw,6.2,7', 'Bad,10.0.0.2,maybe,api,pw,,', 'Half,10.0.0.3,,api,pw,6,', 'Awka Main,10.0.0.4,,api,pw,,'].join('\n');
    const r = parseRouterCsv(text);
    expect(r.routers.map((x) => [x.line, x.router.id, x.router.port, x.router.tls])).toEqual([[2, 'awka-main', 8729, true]]);
    expect(r.problems.map((p) => [p.line, p.field])).toEqual([
      [3, 'tls'],
      [4, 'lon'],
      [5, 'id'],
    ]);
  });

  it('refuses a header with unknown or missing columns', () => {
    expect(parseRouterCsv('name,host,pass\nx,y,z').problems.map((p) => p.message)).toEqual([expect.stringContaining('unknown column pass'), 'column user is missing', 'column password is missing']);
  });
});

describe('parseRouterEnv', () => {
  it('reads MIKROTIK_* lines with the environment rules', () => {
    const r = parseRouterEnv('# x\nexport MIKROTIK_PORT_HARCOURT_HOST=10.0.0.1\nMIKROTIK_PORT_HARCOURT_USER=api\nMIKROTIK_PORT_HARCOURT_PASSWORD="a b#c"\nMIKROTIK_PORT_HARCOURT_TLS=true\n');
    expect(r.problems).toEqual([]);
    expect(r.routers[0]).toMatchObject({ line: 2, router: { id: 'port-harcourt', name: 'Port Harcourt', port: 8729, tls: true, password: 'a b#c' } });
  });

  it('names the bad variable', () => {
    const r = parseRouterEnv('MIKROTIK_AWKA_HOST=x\nMIKROTIK_AWKA_USER=u\nMIKROTIK_AWKA_PASSWORD=p\nMIKROTIK_AWKA_PORT=99999\n');
    expect(r.problems).toEqual([{ line: 4, field: 'MIKROTIK_AWKA_PORT', message: expect.stringContaining('MIKROTIK_AWKA_PORT') }]);
  });
});

describe('RouterChangeInput', () => {
  it('refuses an id change and unknown fields', () => {
    expect(RouterChangeInput.safeParse({ id: 'other' }).success).toBe(false);
    expect(RouterChangeInput.safeParse({ port: 8729, disabled: true }).success).toBe(true);
  });
});
