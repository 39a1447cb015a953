/**
 * Goal: raw package files become a SkillSource only when they form one valid tree with a
 * manifest at the root, and metadata problems carry the metadata's own codes.
 * Method: file lists built in memory.
 */
import { describe, expect, test } from 'vitest';
import type { SkillFile } from './skill-digest.ts';
import { assertSkillFileTree } from './skill-digest.ts';
import { skillSkippedRoot, skillSourceFromFiles } from './skill-source.ts';
import { codeOf } from '../../test/helpers/error-code.ts';

const encoder = new TextEncoder();
const manifest = JSON.stringify({
  name: 'echo', version: '1.0.0', description: '', entry: 'main.js', capabilities: [], tier: 'quickjs',
  author: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
});
const file = (path: string, text = ''): SkillFile => ({ path, bytes: encoder.encode(text) });

describe('skillSourceFromFiles', () => {
  test('skillSourceFromFiles() separates the metadata from the files, sorted by path', () => {
    const source = skillSourceFromFiles([file('main.js'), file('noctem-skill.json', manifest), file('a/b.js'), file('noctem-skill.kel.json', '[]')]);
    expect(source.pkg.files.map((f) => f.path)).toEqual(['a/b.js', 'main.js']);
    expect(source.keyEvents).toEqual([]);
    expect(source.signature).toBeUndefined();
  });

  test('skillSourceFromFiles() keeps metadata names below the root as ordinary files', () => {
    const source = skillSourceFromFiles([file('noctem-skill.json', manifest), file('main.js'), file('vendor/noctem-skill.json', '{}')]);
    expect(source.pkg.files.map((f) => f.path)).toEqual(['main.js', 'vendor/noctem-skill.json']);
  });

  test('skillSourceFromFiles() refuses a package without a root manifest', () => {
    expect(codeOf(() => skillSourceFromFiles([file('main.js')]))).toBe('SKILL_PACKAGE_INVALID');
  });

  test('skillSourceFromFiles() refuses a manifest that is not UTF-8 with SKILL_MANIFEST_INVALID', () => {
    expect(codeOf(() => skillSourceFromFiles([{ path: 'noctem-skill.json', bytes: new Uint8Array([0xff]) }]))).toBe('SKILL_MANIFEST_INVALID');
  });
});

describe('assertSkillFileTree', () => {
  test('assertSkillFileTree() refuses a file where another path needs a folder', () => {
    expect(codeOf(() => assertSkillFileTree([file('lib'), file('lib/a.js')]))).toBe('SKILL_PACKAGE_INVALID');
  });

  test('assertSkillFileTree() refuses repeated, escaping and metadata paths', () => {
    expect(codeOf(() => assertSkillFileTree([file('a.js'), file('a.js')]))).toBe('SKILL_PACKAGE_INVALID');
    expect(codeOf(() => assertSkillFileTree([file('a/../b.js')]))).toBe('SKILL_PACKAGE_INVALID');
    expect(codeOf(() => assertSkillFileTree([file('noctem-skill.sig.json')]))).toBe('SKILL_PACKAGE_INVALID');
  });
});

describe('skillSkippedRoot', () => {
  test('skillSkippedRoot() names the .git entry a path lies under', () => {
    expect(skillSkippedRoot('.git/objects/ab')).toBe('.git');
    expect(skillSkippedRoot('vendor/lib/.git')).toBe('vendor/lib/.git');
    expect(skillSkippedRoot('.gitignore')).toBeUndefined();
  });
});
