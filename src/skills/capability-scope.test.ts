/**
 * Goal: the lexical scope checks refuse every URL, path and secret outside the grant.
 * Method: tables of allowed and refused inputs, including climbing and look-alike hosts.
 */
import { describe, expect, test } from 'vitest';
import { codeOf } from '../../test/helpers/error-code.ts';
import { checkFetchUrl, checkSecretName, hostMatches, normalizeAbsolute, resolveSkillPath } from './capability-scope.ts';

describe('capability scopes', () => {
  test('checkFetchUrl() accepts an allowed host and a subdomain of a wildcard entry', () => {
    expect(checkFetchUrl('https://example.org/a?b=1', ['example.org']).host).toBe('example.org');
    expect(checkFetchUrl('http://en.wikipedia.org/wiki/Tea', ['*.wikipedia.org']).hostname).toBe('en.wikipedia.org');
  });

  test.each([
    ['https://example.org.evil.com/', 'look-alike suffix'],
    ['https://evilexample.org/', 'look-alike prefix'],
    ['https://wikipedia.org/', 'bare domain of a wildcard'],
    ['file:///etc/passwd', 'file scheme'],
    ['ftp://example.org/', 'ftp scheme'],
    ['https://user:pw@example.org/', 'credentials'],
    ['not a url', 'not a URL'],
    [42, 'not a string'],
  ])('checkFetchUrl() refuses %s (%s)', (url: unknown, _why: string) => {
    expect(codeOf(() => checkFetchUrl(url, ['example.org', '*.wikipedia.org']))).toBe('SKILL_CAPABILITY_DENIED');
  });

  test('hostMatches() matches exact hosts and wildcard subdomains only', () => {
    expect(hostMatches('a.b.example.org', '*.example.org')).toBe(true);
    expect(hostMatches('example.org', '*.example.org')).toBe(false);
    expect(hostMatches('xexample.org', '*.example.org')).toBe(false);
  });

  test('resolveSkillPath() puts relative paths in the sandbox folder and refuses climbing out', () => {
    expect(resolveSkillPath('notes/a.txt', { sandboxDir: '/h/sandbox/s', scopes: [] })).toEqual({ path: '/h/sandbox/s/notes/a.txt', inSandbox: true, root: '/h/sandbox/s' });
    expect(codeOf(() => resolveSkillPath('../t/x', { sandboxDir: '/h/sandbox/s', scopes: [] }))).toBe('SKILL_CAPABILITY_DENIED');
  });

  test('resolveSkillPath() accepts absolute paths inside a scope and refuses neighbours and climbs', () => {
    const scopes = ['/data/docs'];
    expect(resolveSkillPath('/data/docs/a/../b.txt', { sandboxDir: '/s', scopes }).path).toBe('/data/docs/b.txt');
    expect(codeOf(() => resolveSkillPath('/data/docs2/x', { sandboxDir: '/s', scopes }))).toBe('SKILL_CAPABILITY_DENIED');
    expect(codeOf(() => resolveSkillPath('/data/docs/../../etc/passwd', { sandboxDir: '/s', scopes }))).toBe('SKILL_CAPABILITY_DENIED');
    expect(codeOf(() => resolveSkillPath('/data/docs/\u0000x', { sandboxDir: '/s', scopes }))).toBe('SKILL_CAPABILITY_DENIED');
  });

  test('checkSecretName() accepts granted names only', () => {
    expect(checkSecretName('token', ['token'])).toBe('token');
    expect(codeOf(() => checkSecretName('other', ['token']))).toBe('SKILL_CAPABILITY_DENIED');
  });

  test('normalizeAbsolute() never climbs above the root', () => {
    expect(normalizeAbsolute('/../../a//b/./c/..')).toBe('/a/b');
  });
});
