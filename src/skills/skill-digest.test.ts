import { describe, expect, it } from 'vitest';
import { limits } from '../core/index.ts';
import { skillPackageDigest, type SkillFile } from './skill-digest.ts';
import { validateSkillManifest } from './skill-manifest.ts';

const manifest = validateSkillManifest({
  name: 'echo', version: '0.1.0', description: '', entry: 'main.js', capabilities: [], tier: 'quickjs',
  author: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
});
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const files: SkillFile[] = [{ path: 'main.js', bytes: text('export default 1;') }, { path: 'lib/a.js', bytes: text('a') }];

describe('skillPackageDigest', () => {
  it('skillPackageDigest() is 64 hex characters and ignores file order', () => {
    const digest = skillPackageDigest({ manifest, files });
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(skillPackageDigest({ manifest, files: [...files].reverse() })).toBe(digest);
  });

  it('skillPackageDigest() changes with a file byte, a path or the manifest', () => {
    const digest = skillPackageDigest({ manifest, files });
    const changedByte = [files[0]!, { path: 'lib/a.js', bytes: text('b') }];
    const renamed = [files[0]!, { path: 'lib/b.js', bytes: text('a') }];
    expect(skillPackageDigest({ manifest, files: changedByte })).not.toBe(digest);
    expect(skillPackageDigest({ manifest, files: renamed })).not.toBe(digest);
    expect(skillPackageDigest({ manifest: { ...manifest, tier: 'process' }, files })).not.toBe(digest);
  });

  it('skillPackageDigest() rejects repeated, escaping and metadata paths', () => {
    const code = expect.objectContaining({ code: 'SKILL_PACKAGE_INVALID' });
    expect(() => skillPackageDigest({ manifest, files: [...files, files[1]!] })).toThrow(code);
    expect(() => skillPackageDigest({ manifest, files: [...files, { path: 'a/../../x', bytes: text('') }] })).toThrow(code);
    expect(() => skillPackageDigest({ manifest, files: [...files, { path: '/x', bytes: text('') }] })).toThrow(code);
    expect(() => skillPackageDigest({ manifest, files: [...files, { path: 'noctem-skill.sig.json', bytes: text('') }] })).toThrow(code);
    expect(() => skillPackageDigest({ manifest, files: [...files, { path: 'noctem-skill.kel.json', bytes: text('') }] })).toThrow(code);
  });

  it('skillPackageDigest() rejects a package without its entry file', () => {
    expect(() => skillPackageDigest({ manifest, files: [files[1]!] })).toThrow(expect.objectContaining({ code: 'SKILL_PACKAGE_INVALID' }));
  });

  it('skillPackageDigest() rejects more files than the limit', () => {
    const many = Array.from({ length: limits.skillPackageFilesMax + 1 }, (_, index) => ({ path: `f${index}`, bytes: new Uint8Array() }));
    expect(() => skillPackageDigest({ manifest, files: many })).toThrow(expect.objectContaining({ code: 'SKILL_PACKAGE_TOO_LARGE' }));
  });
});
