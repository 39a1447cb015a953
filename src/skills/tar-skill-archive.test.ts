/**
 * Goal: the skill tar reader keeps regular files and folders only, refuses every entry that
 * could land outside the package or alias another file, and fails cleanly on damaged input.
 * Method: archives built in memory with tarOf (GNU tar refuses to write most hostile forms).
 */
import { describe, expect, test } from 'vitest';
import { limits } from '../core/index.ts';
import { SkillReadBudget } from './skill-source.ts';
import { paxEntry, tarOf, type TarEntrySpec } from './tar-builder.testing.ts';
import { readSkillTar } from './tar-skill-archive.ts';
import { codeOf } from '../../test/helpers/error-code.ts';

const decoder = new TextDecoder();

function read(entries: readonly TarEntrySpec[], options: { end?: boolean } = {}): { path: string; text: string }[] {
  return readSkillTar(tarOf(entries, options), new SkillReadBudget()).files.map((file) => ({ path: file.path, text: decoder.decode(file.bytes) }));
}

describe('readSkillTar', () => {
  test('readSkillTar() reads files and strips a single top-level folder', () => {
    const files = read([
      { name: 'echo/', type: '5' }, { name: 'echo/main.js', data: 'export default 1;' }, { name: 'echo/lib/', type: '5' }, { name: 'echo/lib/a.js', data: 'a' },
    ]);
    expect(files).toEqual([{ path: 'main.js', text: 'export default 1;' }, { path: 'lib/a.js', text: 'a' }]);
  });

  test('readSkillTar() keeps paths when a file lies at the root', () => {
    expect(read([{ name: './main.js', data: 'm' }, { name: './src/a.js', data: 'a' }]).map((f) => f.path)).toEqual(['main.js', 'src/a.js']);
  });

  test('readSkillTar() joins the POSIX ustar prefix and name', () => {
    expect(read([{ name: 'main.js', prefix: 'deep/folder', data: 'm' }, { name: 'x.js' }]).map((f) => f.path)).toEqual(['deep/folder/main.js', 'x.js']);
  });

  test('readSkillTar() takes names from PAX and GNU long-name records', () => {
    const long = `${'d'.repeat(120)}/main.js`;
    const files = read([paxEntry({ path: long }), { name: 'short', data: 'p' }, { name: '././@LongLink', type: 'L', data: `${long}2\0` }, { name: 'short2', data: 'l' }, { name: 'root.js' }]);
    expect(files.map((f) => f.path)).toEqual([long, `${long}2`, 'root.js']);
  });

  test.each([
    ['a ".." name', [{ name: '../x.js', data: 'x' }]],
    ['a ".." inside a name', [{ name: 'a/../../x.js', data: 'x' }]],
    ['an absolute name', [{ name: '/etc/x.js', data: 'x' }]],
    ['a symbolic link', [{ name: 'main.js', type: '2', linkname: '/etc/passwd' }]],
    ['a hard link', [{ name: 'a.js', data: 'a' }, { name: 'main.js', type: '1', linkname: 'a.js' }]],
    ['a character device', [{ name: 'tty', type: '3' }]],
    ['a FIFO', [{ name: 'pipe', type: '6' }]],
    ['an unknown entry type', [{ name: 'sparse', type: 'S' }]],
    ['a PAX path that climbs out', [paxEntry({ path: '../../evil.js' }), { name: 'innocent.js', data: 'x' }]],
    ['a PAX path that is absolute', [paxEntry({ path: '/tmp/evil.js' }), { name: 'innocent.js', data: 'x' }]],
    ['a GNU long name that climbs out', [{ name: '././@LongLink', type: 'L', data: '../evil.js\0' }, { name: 'innocent.js', data: 'x' }]],
    ['a bad header checksum', [{ name: 'main.js', data: 'x', badChecksum: true }]],
  ] as [string, TarEntrySpec[]][])('readSkillTar() refuses %s with SKILL_PACKAGE_INVALID', (_what, entries) => {
    expect(codeOf(() => readSkillTar(tarOf(entries), new SkillReadBudget()))).toBe('SKILL_PACKAGE_INVALID');
  });

  test('readSkillTar() refuses an archive cut inside an entry', () => {
    const tar = tarOf([{ name: 'main.js', data: 'x'.repeat(2000) }]);
    expect(codeOf(() => readSkillTar(tar.subarray(0, 1024), new SkillReadBudget()))).toBe('SKILL_PACKAGE_INVALID');
  });

  test('readSkillTar() refuses an archive without its end-of-archive block', () => {
    expect(codeOf(() => read([{ name: 'main.js', data: 'x' }], { end: false }))).toBe('SKILL_PACKAGE_INVALID');
  });

  test('readSkillTar() skips .git entries and reports each once', () => {
    const contents = readSkillTar(tarOf([
      { name: 'main.js', data: 'm' }, { name: '.git/', type: '5' }, { name: '.git/HEAD', data: 'ref' }, { name: 'sub/.git', data: 'gitdir: x' }, { name: '.hidden', data: 'h' },
    ]), new SkillReadBudget());
    expect(contents.files.map((f) => f.path)).toEqual(['main.js', '.hidden']);
    expect(contents.skipped).toEqual(['.git', 'sub/.git']);
  });

  test('readSkillTar() stops with SKILL_PACKAGE_TOO_LARGE at the first file past the count', () => {
    const entries = Array.from({ length: limits.skillPackageFilesMax + 4 }, (_, index) => ({ name: `f${index}.js` }));
    expect(codeOf(() => read(entries))).toBe('SKILL_PACKAGE_TOO_LARGE');
  });

  test('readSkillTar() refuses a size claim past the budget before reading the data', () => {
    const tar = tarOf([paxEntry({ size: String(limits.skillPackageBytesMax * 4) }), { name: 'big.bin', data: 'x' }], { end: false });
    expect(codeOf(() => readSkillTar(tar, new SkillReadBudget()))).toBe('SKILL_PACKAGE_TOO_LARGE');
  });
});
