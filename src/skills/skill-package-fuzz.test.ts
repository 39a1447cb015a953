/**
 * Goal: hostile bytes never crash or hang the skill package readers: a mutated tar archive of
 * a package, and mutated manifest and signature texts, each end in a valid result or a
 * NoctemError with a skill code, never a foreign exception.
 * Method: fast-check mutations (byte flips, cuts, insertions) of a valid package tar and of a
 * valid manifest; a few hundred cases in `npm test`, 10,000 under NOCTEM_SLOW=1.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fuzzRuns } from '../../test/helpers/fuzz-runs.ts';
import { codeOf } from '../../test/helpers/error-code.ts';
import { parseSkillManifest } from './skill-manifest.ts';
import { SkillReadBudget } from './skill-source.ts';
import { tarOf } from './tar-builder.testing.ts';
import { readSkillTar } from './tar-skill-archive.ts';

const manifest = JSON.stringify({
  name: 'fuzzed', version: '1.0.0', description: 'a fuzzed skill', entry: 'main.js',
  capabilities: [{ name: 'net.fetch', scope: ['example.org'] }], tier: 'quickjs',
  author: 'did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH',
});
const tar = tarOf([
  { name: 'pkg/', type: '5' },
  { name: 'pkg/noctem-skill.json', data: manifest },
  { name: 'pkg/main.js', data: 'import { f } from "./lib.js";\nexport default (x) => f(x);\n' },
  { name: 'pkg/lib.js', data: 'export const f = (x) => x;\n' },
]);

/** A mutation of `base`: flipped bytes, then an optional cut or inserted run. */
const mutation = (base: Uint8Array): fc.Arbitrary<Uint8Array> =>
  fc.record({
    flips: fc.array(fc.record({ at: fc.nat({ max: base.length - 1 }), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 8 }),
    cut: fc.option(fc.nat({ max: base.length })),
    insert: fc.option(fc.record({ at: fc.nat({ max: base.length }), bytes: fc.uint8Array({ maxLength: 1024 }) })),
  }).map(({ flips, cut, insert }) => {
    let bytes = Uint8Array.from(base);
    for (const flip of flips) bytes[flip.at] = flip.value;
    if (insert !== null) bytes = Uint8Array.from([...bytes.subarray(0, insert.at), ...insert.bytes, ...bytes.subarray(insert.at)]);
    if (cut !== null) bytes = bytes.subarray(0, cut);
    return bytes;
  });

describe('skill package fuzz', () => {
  test('readSkillTar() of the unmutated archive reads the package', () => {
    expect(codeOf(() => readSkillTar(tar, new SkillReadBudget()))).toBeUndefined();
  });

  test('readSkillTar() ends every mutated archive in a result or a SKILL_ error', () => {
    fc.assert(fc.property(mutation(tar), (bytes) => {
      expect(codeOf(() => readSkillTar(bytes, new SkillReadBudget())) ?? 'ok').toMatch(/^(ok|SKILL_)/);
    }), { numRuns: fuzzRuns(400), seed: 7 });
  });

  test('parseSkillManifest() ends every mutated manifest in a manifest or SKILL_MANIFEST_INVALID', () => {
    const bytes = new TextEncoder().encode(manifest);
    fc.assert(fc.property(mutation(bytes), (mutated) => {
      const text = new TextDecoder().decode(mutated);
      expect(codeOf(() => parseSkillManifest(text)) ?? 'ok').toMatch(/^(ok|SKILL_MANIFEST_INVALID)$/);
    }), { numRuns: fuzzRuns(400), seed: 8 });
  });
});
