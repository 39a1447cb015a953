import { describe, expect, test } from 'vitest';
import { loadSkillModule, resolveSkillModule } from './quickjs-module-loader.ts';

describe('resolveSkillModule', () => {
  test.each([
    ['main.js', './lib.js', 'lib.js'],
    ['util/deep.js', '../lib.js', 'lib.js'],
    ['util/deep.js', './x/../y.js', 'util/y.js'],
  ])('resolveSkillModule(%s, %s) is %s', (importer, requested, path) => {
    expect(resolveSkillModule(importer, requested)).toEqual({ ok: true, value: path });
  });

  test.each([
    ['main.js', 'fs'],
    ['main.js', 'node:fs'],
    ['main.js', '/etc/passwd'],
    ['main.js', 'file:///etc/passwd'],
    ['main.js', '../outside.js'],
    ['util/deep.js', '../../outside.js'],
    ['main.js', './a/../../outside.js'],
  ])('resolveSkillModule(%s, %s) refuses a specifier outside the package', (importer, requested) => {
    expect(resolveSkillModule(importer, requested).ok).toBe(false);
  });
});

describe('loadSkillModule', () => {
  test('loadSkillModule() returns a package file as text and refuses a missing one', () => {
    const files = new Map([['lib.js', new TextEncoder().encode('export const é = 1;')]]);
    expect(loadSkillModule(files, 'lib.js')).toEqual({ ok: true, value: 'export const é = 1;' });
    expect(loadSkillModule(files, 'other.js').ok).toBe(false);
  });
});
