/**
 * Goal: a package reads the same from a folder and from a .tgz, hostile folders and archives
 * are refused with clear codes (links, special files, too many files, `..`, truncation, gzip
 * bombs), and installed copies and signatures are written atomically, leaving nothing behind
 * on failure.
 * Method: real temporary folders, archives made by GNU tar (`tar czf`) and, for the forms
 * GNU tar will not write, by tarOf + gzip; then the real adapter.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { limits, type NoctemError } from '../core/index.ts';
import { readSkillPackage, removeSkillFolder, skillArchiveBytesMax, writeSkillPackage, writeSkillSignature } from './fs-skill-package.ts';
import { skillPackageDigest } from './skill-digest.ts';
import { tarOf, type TarEntrySpec } from './tar-builder.testing.ts';

const manifest = {
  name: 'echo', version: '1.0.0', description: 'Echoes.', entry: 'main.js', capabilities: [], tier: 'quickjs',
  author: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
};
const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-skill-package-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the package folder `dir/skill` and returns its path. */
async function makeFolder(extra: Record<string, string> = {}): Promise<string> {
  const root = join(dir, 'skill');
  const files: Record<string, string> = {
    'noctem-skill.json': manifestText, 'main.js': 'import { a } from "./lib/a.js"; export default () => a;', 'lib/a.js': 'export const a = 1;',
    '.hidden': 'signed too', 'noctem-skill.sig.json': '{"format":"noctem-skill-sig/1"}', 'noctem-skill.kel.json': '[{"sequence":0}]', ...extra,
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as NoctemError).code ?? String(error);
  }
  return undefined;
}

async function writeTgz(name: string, entries: readonly TarEntrySpec[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, gzipSync(tarOf(entries)));
  return path;
}

describe('readSkillPackage', () => {
  test('readSkillPackage() reads a folder: manifest, files (hidden ones too), signature and key event log', async () => {
    const source = await readSkillPackage(await makeFolder());
    expect(source.pkg.manifest.name).toBe('echo');
    expect(source.manifestText).toBe(manifestText);
    expect(source.pkg.files.map((file) => file.path)).toEqual(['.hidden', 'lib/a.js', 'main.js']);
    expect(source.signature).toEqual({ format: 'noctem-skill-sig/1' });
    expect(source.keyEvents).toEqual([{ sequence: 0 }]);
  });

  test('readSkillPackage() gives a folder and its tgz archives the same digest', async () => {
    const root = await makeFolder();
    execFileSync('tar', ['czf', join(dir, 'top.tgz'), '-C', dir, 'skill']);
    execFileSync('tar', ['czf', join(dir, 'flat.tar.gz'), '-C', root, '.']);
    const digest = skillPackageDigest((await readSkillPackage(root)).pkg);
    expect(skillPackageDigest((await readSkillPackage(join(dir, 'top.tgz'))).pkg)).toBe(digest);
    expect(skillPackageDigest((await readSkillPackage(join(dir, 'flat.tar.gz'))).pkg)).toBe(digest);
  });

  test('readSkillPackage() leaves .git out and reports it', async () => {
    const source = await readSkillPackage(await makeFolder({ '.git/HEAD': 'ref: main', '.git/objects/ab': 'x' }));
    expect(source.pkg.files.map((file) => file.path)).not.toContain('.git/HEAD');
    expect(source.skipped).toEqual(['.git']);
  });

  test('readSkillPackage() refuses a symbolic link inside the folder', async () => {
    const root = await makeFolder();
    await symlink('/etc/hostname', join(root, 'lib', 'link.js'));
    expect(await codeOf(readSkillPackage(root))).toBe('SKILL_PACKAGE_INVALID');
  });

  test('readSkillPackage() refuses a FIFO inside the folder', async () => {
    const root = await makeFolder();
    execFileSync('mkfifo', [join(root, 'pipe')]);
    expect(await codeOf(readSkillPackage(root))).toBe('SKILL_PACKAGE_INVALID');
  });

  test('readSkillPackage() refuses a folder with more files than skillPackageFilesMax', async () => {
    const root = await makeFolder();
    await mkdir(join(root, 'many'));
    await Promise.all(Array.from({ length: limits.skillPackageFilesMax + 1 }, (_, index) => writeFile(join(root, 'many', `f${index}`), '')));
    expect(await codeOf(readSkillPackage(root))).toBe('SKILL_PACKAGE_TOO_LARGE');
  });

  test('readSkillPackage() refuses a folder without a manifest, and a missing path', async () => {
    const root = await makeFolder();
    await rm(join(root, 'noctem-skill.json'));
    expect(await codeOf(readSkillPackage(root))).toBe('SKILL_PACKAGE_INVALID');
    expect(await codeOf(readSkillPackage(join(dir, 'nothing')))).toBe('FILE_NOT_FOUND');
  });

  test.each([
    ['a signature that is not JSON', { 'noctem-skill.sig.json': '{' }],
    ['a signature larger than skillSignatureBytesMax', { 'noctem-skill.sig.json': `"${'x'.repeat(limits.skillSignatureBytesMax)}"` }],
    ['a key event log that is not an array', { 'noctem-skill.kel.json': '{}' }],
  ])('readSkillPackage() refuses %s with SKILL_SIGNATURE_INVALID', async (_what, extra) => {
    expect(await codeOf(readSkillPackage(await makeFolder(extra)))).toBe('SKILL_SIGNATURE_INVALID');
  });

  test.each([
    ['a "../x" member', [{ name: '../x.js', data: 'x' }]],
    ['an absolute member', [{ name: '/tmp/x.js', data: 'x' }]],
    ['a symbolic link', [{ name: 'main.js', type: '2', linkname: '/etc/passwd' }]],
    ['a hard link', [{ name: 'a.js', data: 'a' }, { name: 'main.js', type: '1', linkname: 'a.js' }]],
  ] as [string, TarEntrySpec[]][])('readSkillPackage() refuses a tgz with %s', async (_what, entries) => {
    const path = await writeTgz('bad.tgz', [{ name: 'noctem-skill.json', data: manifestText }, ...entries]);
    expect(await codeOf(readSkillPackage(path))).toBe('SKILL_PACKAGE_INVALID');
  });

  test('readSkillPackage() refuses a truncated tgz with SKILL_PACKAGE_INVALID', async () => {
    const whole = gzipSync(tarOf([{ name: 'noctem-skill.json', data: manifestText }, { name: 'main.js', data: 'x'.repeat(10_000) }]));
    await writeFile(join(dir, 'cut.tgz'), whole.subarray(0, Math.floor(whole.length / 2)));
    expect(await codeOf(readSkillPackage(join(dir, 'cut.tgz')))).toBe('SKILL_PACKAGE_INVALID');
  });

  test('readSkillPackage() refuses a gzip bomb that expands past the cap with SKILL_PACKAGE_TOO_LARGE', async () => {
    await writeFile(join(dir, 'bomb.tgz'), gzipSync(new Uint8Array(skillArchiveBytesMax + 1), { level: 1 }));
    expect(await codeOf(readSkillPackage(join(dir, 'bomb.tgz')))).toBe('SKILL_PACKAGE_TOO_LARGE');
  });

  test('readSkillPackage() refuses a tgz whose one member is larger than the package limit', async () => {
    const path = await writeTgz('big.tgz', [{ name: 'noctem-skill.json', data: manifestText }, { name: 'main.js', data: new Uint8Array(limits.skillPackageBytesMax + 1) }]);
    expect(await codeOf(readSkillPackage(path))).toBe('SKILL_PACKAGE_TOO_LARGE');
  });
});

describe('writeSkillPackage', () => {
  test('writeSkillPackage() writes a copy that reads back the same', async () => {
    const source = await readSkillPackage(await makeFolder());
    const installed = join(dir, 'skills', 'echo-1.0.0');
    await writeSkillPackage(installed, source);
    const copy = await readSkillPackage(installed);
    expect(skillPackageDigest(copy.pkg)).toBe(skillPackageDigest(source.pkg));
    expect([copy.manifestText, copy.signature, copy.keyEvents]).toEqual([source.manifestText, source.signature, source.keyEvents]);
    expect(await readdir(join(dir, 'skills'))).toEqual(['echo-1.0.0']);
  });

  test('writeSkillPackage() replaces a folder left at the destination', async () => {
    const source = await readSkillPackage(await makeFolder());
    const installed = join(dir, 'skills', 'echo-1.0.0');
    await mkdir(installed, { recursive: true });
    await writeFile(join(installed, 'stale.js'), 'old');
    await writeSkillPackage(installed, source);
    expect((await readdir(installed)).sort()).toEqual(['.hidden', 'lib', 'main.js', 'noctem-skill.json', 'noctem-skill.kel.json', 'noctem-skill.sig.json']);
    expect(await readdir(join(dir, 'skills'))).toEqual(['echo-1.0.0']);
  });

  test('writeSkillPackage() leaves nothing behind when a write fails midway', async () => {
    const source = await readSkillPackage(await makeFolder());
    await mkdir(join(dir, 'skills'));
    // Not a byte array: the write of this last file throws after the others were written.
    const broken = { path: 'zz.js', bytes: { length: 3 } as unknown as Uint8Array };
    const failing = { ...source, pkg: { ...source.pkg, files: [...source.pkg.files, broken] } };
    expect(await codeOf(writeSkillPackage(join(dir, 'skills', 'echo'), failing))).toBeDefined();
    expect(await readdir(join(dir, 'skills'))).toEqual([]);
  });

  test('writeSkillPackage() refuses files that cannot form one tree, writing nothing', async () => {
    const source = await readSkillPackage(await makeFolder());
    const clash = { ...source, pkg: { ...source.pkg, files: [...source.pkg.files, { path: 'main.js/x.js', bytes: new Uint8Array() }] } };
    expect(await codeOf(writeSkillPackage(join(dir, 'skills', 'echo'), clash))).toBe('SKILL_PACKAGE_INVALID');
    expect(await codeOf(readdir(join(dir, 'skills')))).toBe('ENOENT');
  });
});

describe('writeSkillSignature', () => {
  test('writeSkillSignature() writes the signature and key event log that readSkillPackage reads', async () => {
    const root = await makeFolder();
    await writeSkillSignature(root, { signature: { format: 'noctem-skill-sig/1', digest: 'new' }, keyEvents: [{ sequence: 0 }, { sequence: 1 }] });
    const source = await readSkillPackage(root);
    expect(source.signature).toEqual({ format: 'noctem-skill-sig/1', digest: 'new' });
    expect(source.keyEvents).toHaveLength(2);
    expect((await readdir(root)).filter((name) => name.includes('.tmp-'))).toEqual([]);
    expect(JSON.parse(await readFile(join(root, 'noctem-skill.kel.json'), 'utf8'))).toEqual([{ sequence: 0 }, { sequence: 1 }]);
  });
});

describe('removeSkillFolder', () => {
  test('removeSkillFolder() removes a folder and accepts a missing one', async () => {
    const root = await makeFolder();
    await removeSkillFolder(root);
    await removeSkillFolder(root);
    expect(await readdir(dir)).toEqual([]);
  });
});
