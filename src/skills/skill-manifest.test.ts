import { describe, expect, it } from 'vitest';
import { isNoctemError } from '../core/index.ts';
import { parseSkillManifest, validateSkillManifest } from './skill-manifest.ts';

const author = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const good = {
  name: 'weather-brief',
  version: '1.2.0-beta.1',
  description: 'Summarises the forecast.',
  entry: 'src/main.js',
  capabilities: [{ name: 'net.fetch', scope: ['api.weather.gov'] }, { name: 'memory.read', scope: [] }],
  tier: 'quickjs',
  author,
};

function fieldOf(value: unknown): unknown {
  try {
    validateSkillManifest(value);
  } catch (error) {
    if (isNoctemError(error, 'SKILL_MANIFEST_INVALID')) return error.details['field'];
    throw error;
  }
  return undefined;
}

describe('parseSkillManifest', () => {
  it('parseSkillManifest() accepts a valid manifest', () => {
    const manifest = parseSkillManifest(JSON.stringify(good));
    expect(manifest).toEqual(good);
    expect(Object.isFrozen(manifest)).toBe(true);
  });

  it('parseSkillManifest() rejects text that is not JSON', () => {
    expect(() => parseSkillManifest('{')).toThrow(expect.objectContaining({ code: 'SKILL_MANIFEST_INVALID' }));
  });

  it('parseSkillManifest() rejects text over the byte limit', () => {
    expect(() => parseSkillManifest(' '.repeat(70_000))).toThrow(expect.objectContaining({ code: 'SKILL_MANIFEST_INVALID' }));
  });
});

describe('validateSkillManifest', () => {
  it('validateSkillManifest() names the bad field', () => {
    expect(fieldOf({ ...good, name: 'Weather' })).toBe('name');
    expect(fieldOf({ ...good, name: 'a'.repeat(65) })).toBe('name');
    expect(fieldOf({ ...good, version: '1.2' })).toBe('version');
    expect(fieldOf({ ...good, description: 'x'.repeat(501) })).toBe('description');
    expect(fieldOf({ ...good, entry: '../main.js' })).toBe('entry');
    expect(fieldOf({ ...good, entry: '/etc/passwd' })).toBe('entry');
    expect(fieldOf({ ...good, tier: 'docker' })).toBe('tier');
    expect(fieldOf({ ...good, author: 'did:web:example.com' })).toBe('author');
    expect(fieldOf({ ...good, capabilities: [{ name: 'root', scope: [] }] })).toBe('capabilities[0].name');
    expect(fieldOf({ ...good, capabilities: [{ name: 'fs.read', scope: [''] }] })).toBe('capabilities[0].scope[0]');
    expect(fieldOf({ ...good, capabilities: [{ name: 'fs.read' }] })).toBe('capabilities[0].scope');
    expect(fieldOf({ ...good, extra: 1 })).toBe('extra');
    expect(fieldOf([])).toBe('$');
  });

  it('validateSkillManifest() rejects a repeated capability', () => {
    const capabilities = [{ name: 'fs.read', scope: ['a'] }, { name: 'fs.read', scope: ['b'] }];
    expect(fieldOf({ ...good, capabilities })).toBe('capabilities[1].name');
  });

  it('validateSkillManifest() rejects more capabilities than the limit', () => {
    const capabilities = Array.from({ length: 33 }, () => ({ name: 'fs.read', scope: [] }));
    expect(fieldOf({ ...good, capabilities })).toBe('capabilities');
  });
});
