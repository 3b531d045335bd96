import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

describe('safeNext', () => {
  it('keeps a local path with its query', () => {
    expect(safeNext('/hotspot/awka')).toBe('/hotspot/awka');
    expect(safeNext('/hotspot/sessions?user=ada&page=2')).toBe('/hotspot/sessions?user=ada&page=2');
    expect(safeNext('/admin/audit#top')).toBe('/admin/audit#top');
  });

  it('refuses anything that could leave the site', () => {
    for (const bad of ['//evil.example', '//evil.example/hotspot', '/\\evil.example', '\\\\evil.example', 'https://evil.example', 'javascript:alert(1)', 'hotspot', '', ' /hotspot', '/\t/evil.example', '/%0a/x\n']) {
      expect(safeNext(bad), bad).toBe('/hotspot');
    }
  });

  it('refuses the sign-in and setup pages (a loop) and odd types', () => {
    expect(safeNext('/login?next=/hotspot')).toBe('/hotspot');
    expect(safeNext('/setup')).toBe('/hotspot');
    expect(safeNext(['/hotspot/awka'])).toBe('/hotspot');
    expect(safeNext(undefined, '/account')).toBe('/account');
    expect(safeNext(`/${'a'.repeat(3000)}`)).toBe('/hotspot');
  });

  it('normalises dot segments without leaving the site', () => {
    expect(safeNext('/hotspot/../admin/accounts')).toBe('/admin/accounts');
    expect(safeNext('/../../etc')).toBe('/etc');
  });
});
