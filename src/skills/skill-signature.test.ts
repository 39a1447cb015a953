/**
 * Goal: a signed skill package verifies only unchanged, only by its manifest's author, and
 * only with a key the author's key event log accepts at the signing time.
 * Method: two real identities (LMDB store and keys.json in a temporary home each).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../core/index.ts';
import { openLmdbHomeStore, type HomeStore } from '../store/index.ts';
import { IdentityService, openFsKeyVault } from '../identity/index.ts';
import type { SkillPackage } from './skill-digest.ts';
import { validateSkillManifest } from './skill-manifest.ts';
import { signSkillPackage, verifySkillPackage, type SkillSignature } from './skill-signature.ts';

const randomBytes = (length: number): Uint8Array => new Uint8Array(nodeRandomBytes(length));
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const clock = new FakeClock();
const stores: HomeStore[] = [];
let dir: string;
let ada: IdentityService;
let bob: IdentityService;
let pkg: SkillPackage;
let signature: SkillSignature;

function openIdentity(name: string): IdentityService {
  const store = openLmdbHomeStore(join(dir, name, 'store'));
  stores.push(store);
  const service = new IdentityService({ store, vault: openFsKeyVault(join(dir, name, 'keys.json')), clock, randomBytes });
  service.create(name);
  return service;
}

function packageBy(author: string): SkillPackage {
  const manifest = validateSkillManifest({
    name: 'echo', version: '1.0.0', description: 'Echoes.', entry: 'main.js',
    capabilities: [{ name: 'memory.read', scope: [] }], tier: 'quickjs', author,
  });
  return { manifest, files: [{ path: 'main.js', bytes: text('export default (x) => x;') }] };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-skill-'));
  ada = openIdentity('ada');
  bob = openIdentity('bob');
  pkg = packageBy(ada.keyState().did);
  signature = signSkillPackage(pkg, { signer: ada.livingSigner(), signedAtMs: clock.nowMs() });
});

afterAll(async () => {
  for (const store of stores) await store.close();
  await rm(dir, { recursive: true, force: true });
});

const code = (value: string): unknown => expect.objectContaining({ code: value });

describe('verifySkillPackage', () => {
  it('verifySkillPackage() accepts a package signed by its author', () => {
    const json: unknown = JSON.parse(JSON.stringify(signature));
    const verified = verifySkillPackage(pkg, { signature: json, events: ada.keyEvents() });
    expect(verified).toEqual({ author: ada.keyState().did, keyId: ada.keyState().living.keyId, digest: signature.digest });
  });

  it('verifySkillPackage() reports SKILL_TAMPERED for a changed file byte', () => {
    const changed = { ...pkg, files: [{ path: 'main.js', bytes: text('export default (x) => y;') }] };
    expect(() => verifySkillPackage(changed, { signature, events: ada.keyEvents() })).toThrow(code('SKILL_TAMPERED'));
  });

  it('verifySkillPackage() reports SKILL_TAMPERED for a changed capability', () => {
    const manifest = { ...pkg.manifest, capabilities: [{ name: 'memory.write', scope: [] }] } as const;
    expect(() => verifySkillPackage({ ...pkg, manifest }, { signature, events: ada.keyEvents() })).toThrow(code('SKILL_TAMPERED'));
  });

  it('verifySkillPackage() rejects a signature by another identity', () => {
    const bobDid = bob.keyState().did;
    const byBob = signSkillPackage(packageBy(bobDid), { signer: bob.livingSigner(), signedAtMs: clock.nowMs() });
    expect(() => verifySkillPackage(pkg, { signature: byBob, events: bob.keyEvents() })).toThrow(code('SKILL_SIGNATURE_INVALID'));
    const forged = { ...byBob, author: ada.keyState().did };
    expect(() => verifySkillPackage(pkg, { signature: forged, events: ada.keyEvents() })).toThrow(code('SKILL_SIGNATURE_INVALID'));
  });

  it('verifySkillPackage() reports SKILL_UNSIGNED without a signature', () => {
    expect(() => verifySkillPackage(pkg, { signature: undefined, events: ada.keyEvents() })).toThrow(code('SKILL_UNSIGNED'));
  });

  it('verifySkillPackage() rejects a malformed signature', () => {
    const broken = { ...signature, digest: 'zz' };
    expect(() => verifySkillPackage(pkg, { signature: broken, events: ada.keyEvents() })).toThrow(code('SKILL_SIGNATURE_INVALID'));
  });

  it('signSkillPackage() refuses a signer who is not the manifest author', () => {
    expect(() => signSkillPackage(pkg, { signer: bob.livingSigner(), signedAtMs: clock.nowMs() })).toThrow(code('SKILL_SIGNATURE_INVALID'));
  });

  it('verifySkillPackage() rejects a signature by a key revoked as compromised', () => {
    // Runs last: it rotates Ada's keys. A plain rotation keeps earlier signatures valid;
    // a compromise revocation reaching back before the signature invalidates it.
    clock.advance(60_000);
    ada.rotate();
    expect(verifySkillPackage(pkg, { signature, events: ada.keyEvents() }).digest).toBe(signature.digest);
    const later = signSkillPackage(pkg, { signer: ada.livingSigner(), signedAtMs: clock.nowMs() });
    clock.advance(60_000);
    ada.rotate({ compromisedSinceMs: 0 });
    const revoked = expect.objectContaining({ code: 'SKILL_SIGNATURE_INVALID', details: { reason: 'key-revoked' } });
    expect(() => verifySkillPackage(pkg, { signature: later, events: ada.keyEvents() })).toThrow(revoked);
  });
});
