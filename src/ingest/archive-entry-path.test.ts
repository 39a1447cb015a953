/**
 * Goal: checkEntryPath() refuses every zip-slip name and normalises the rest.
 * Method: a table of hostile and benign names.
 */
import { describe, expect, it } from 'vitest';
import { checkEntryPath } from './archive-entry-path.ts';

describe('checkEntryPath()', () => {
  it.each(['../evil.txt', 'a/../../evil.txt', '/etc/passwd', '\\\\server\\share\\x', 'C:/Windows/x', 'c:x', 'a\\..\\..\\x', 'a\u0000b', ''])(
    'checkEntryPath() refuses %j',
    (name) => {
      expect(checkEntryPath(name).safe).toBe(false);
    },
  );

  it('checkEntryPath() normalises backslashes, "." and empty segments', () => {
    expect(checkEntryPath('./docs\\a//b/./c.txt')).toEqual({ safe: true, path: 'docs/a/b/c.txt', directory: false });
  });

  it('checkEntryPath() marks names ending in "/" as folders', () => {
    expect(checkEntryPath('docs/')).toEqual({ safe: true, path: 'docs', directory: true });
  });

  it('checkEntryPath() accepts names that merely contain dots', () => {
    expect(checkEntryPath('a..b/..c/d..')).toEqual({ safe: true, path: 'a..b/..c/d..', directory: false });
  });
});
