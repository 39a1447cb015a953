/**
 * Goal: the identity service keeps a home's identity consistent across rotations, exports
 * and crashes, and signs with the key the log says is living.
 * Method: a real LMDB store and a real keys.json in a temporary home; "reopening" builds a
 * new service over a new store handle, as a new process would. Crashes are simulated by a
 * vault wrapper that throws right after the real write (between the keyring write and the
 * key event commit) or on pruning (after the commit).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock, type KeyId } from '../core/index.ts';
import { openLmdbHomeStore, type HomeStore } from '../store/index.ts';
import { openFsKeyVault } from './fs-key-vault.ts';
import { IdentityService } from './identity-service.ts';
import type { KeyringEntry, KeyVault } from './key-vault.ts';
import { didKeyFromEd25519 } from './did-key.ts';
import { hybridPublicKeyFromJson } from './hybrid-codec.ts';
import { verifyKeyEventLog } from './key-event-log.ts';

const randomBytes = (length: number): Uint8Array => new Uint8Array(nodeRandomBytes(length));
const hourMs = 3_600_000;

interface Home {
  readonly dir: string;
  readonly clock: FakeClock;
  readonly stores: HomeStore[];
  open(options?: { vault?: (real: KeyVault) => KeyVault; sealingKey?: Uint8Array }): { service: IdentityService; vault: KeyVault; store: HomeStore };
}

let home: Home;

beforeEach(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'noctem-identity-'));
  const clock = new FakeClock();
  const stores: HomeStore[] = [];
  home = {
    dir,
    clock,
    stores,
    open(options = {}) {
      const store = openLmdbHomeStore(join(dir, 'store'));
      stores.push(store);
      const real = openFsKeyVault(join(dir, 'keys.json'), options.sealingKey === undefined ? {} : { sealingKey: options.sealingKey });
      const vault = options.vault?.(real) ?? real;
      return { service: new IdentityService({ store, vault, clock, randomBytes }), vault: real, store };
    },
  };
});

afterEach(async () => {
  for (const store of home.stores) await store.close();
  await rm(home.dir, { recursive: true, force: true });
});

/** A vault that performs the real write, then fails as a crash would. */
function crashingVault(real: KeyVault, on: 'add' | 'remove'): KeyVault {
  return {
    sealed: real.sealed,
    list: () => real.list(),
    get: (keyId) => real.get(keyId),
    add: (entries: readonly KeyringEntry[]) => {
      real.add(entries);
      if (on === 'add') throw new Error('simulated crash after the keyring write');
    },
    remove: (keyIds: readonly KeyId[]) => {
      if (on === 'remove') throw new Error('simulated crash before pruning');
      real.remove(keyIds);
    },
    writeExportFile: (path, text) => real.writeExportFile(path, text),
    readExportFile: (path) => real.readExportFile(path),
  };
}

describe('IdentityService', () => {
  it('create() makes an identity whose DID is the did:key of the genesis key', () => {
    const { service } = home.open();
    const summary = service.create('Ada');
    const genesisEd = hybridPublicKeyFromJson(service.keyState().genesis.publicKey).ed25519;
    expect(summary.did).toBe(didKeyFromEd25519(genesisEd));
    expect([summary.name, summary.sequence, summary.chainValid, summary.genesisPresent, summary.nextKeyPresent]).toEqual(['Ada', 0, true, true, true]);
    expect(summary.signingKey.verificationMethod.startsWith('did:key:z6Mk')).toBe(true);
  });

  it('create() refuses a home that already has an identity', () => {
    const { service } = home.open();
    service.create('Ada');
    expect(() => home.open().service.create('Bob')).toThrow(expect.objectContaining({ code: 'IDENTITY_EXISTS' }));
  });

  it('rotate() promotes the committed key, keeps the DID and prunes the retired secret', () => {
    const { service, vault } = home.open();
    const before = service.create('Ada');
    home.clock.advance(hourMs);
    const result = service.rotate();
    const after = home.open().service.show();
    expect(after.did).toBe(before.did);
    expect([after.sequence, after.chainValid, after.signingKey.keyId]).toEqual([1, true, before.nextKeyCommitment]);
    expect(after.revokedKeys).toEqual([{ keyId: before.signingKey.keyId, revokedAtMs: home.clock.nowMs(), reason: 'rotation' }]);
    expect(vault.list().map((entry) => entry.keyId).sort()).toEqual([after.genesisKeyId, after.signingKey.keyId, after.nextKeyCommitment].sort());
    expect(result.revokedKeyId).toBe(before.signingKey.keyId);
  });

  it('rotate() backdates the revocation when a compromise is suspected', () => {
    const { service } = home.open();
    service.create('Ada');
    home.clock.advance(10 * hourMs);
    const result = service.rotate({ compromisedSinceMs: home.clock.nowMs() - 2 * hourMs });
    expect(result.revokedAtMs).toBe(home.clock.nowMs() - 2 * hourMs);
    expect(service.show().revokedKeys[0]?.reason).toBe('compromise');
  });

  it('sign() makes a hybrid signature that verify() accepts from the exported log', () => {
    const { service } = home.open();
    const { did } = service.create('Ada');
    const message = new TextEncoder().encode('tree head 1000');
    const signed = service.sign(message);
    const verdict = service.verify(did, { events: service.keyEvents(), message, signature: signed.signature, keyId: signed.keyId, atTimeMs: signed.signedAtMs });
    expect(verdict).toEqual({ valid: true, keyId: signed.keyId, strength: 'hybrid' });
  });

  it('verifyOwn() rejects an Ed25519 signature by a rotated-out key dated after its revocation', () => {
    const { service } = home.open();
    service.create('Ada');
    const message = new TextEncoder().encode('tree head 2000');
    const signed = service.signEd25519(message);
    home.clock.advance(hourMs);
    service.rotate();
    const claim = { message, signature: { ed25519: signed.signature }, keySequence: signed.sequence };
    expect(service.verifyOwn({ ...claim, atTimeMs: signed.signedAtMs })).toEqual({ valid: true, keyId: signed.keyId, strength: 'ed25519' });
    expect(service.verifyOwn({ ...claim, atTimeMs: home.clock.nowMs() })).toEqual({ valid: false, reason: 'key-revoked' });
  });

  it('exportGenesis() writes the genesis secret, removes it on request, and importGenesis() brings it back', () => {
    const { service } = home.open();
    service.create('Ada');
    const out = join(home.dir, 'genesis.json');
    expect(service.exportGenesis(out, { remove: true }).removed).toBe(true);
    expect(service.show().genesisPresent).toBe(false);
    expect(() => service.exportGenesis(join(home.dir, 'again.json'))).toThrow(expect.objectContaining({ code: 'IDENTITY_GENESIS_ABSENT' }));
    service.importGenesis(out);
    expect(service.show().genesisPresent).toBe(true);
  });

  it('exportGenesis() refuses to overwrite an existing file and keeps the secret', async () => {
    const { service } = home.open();
    service.create('Ada');
    const out = join(home.dir, 'taken.json');
    await writeFile(out, 'precious');
    expect(() => service.exportGenesis(out, { remove: true })).toThrow(expect.objectContaining({ code: 'FILE_EXISTS' }));
    expect(service.show().genesisPresent).toBe(true);
  });

  it('importGenesis() refuses the genesis key of another identity', () => {
    const other = home.open();
    other.service.create('Ada');
    const out = join(home.dir, 'genesis.json');
    other.service.exportGenesis(out);
    const second = join(home.dir, 'second');
    const store = openLmdbHomeStore(second);
    home.stores.push(store);
    const service = new IdentityService({ store, vault: openFsKeyVault(join(home.dir, 'keys2.json')), clock: home.clock, randomBytes });
    service.create('Bob');
    expect(() => service.importGenesis(out)).toThrow(expect.objectContaining({ code: 'IDENTITY_GENESIS_MISMATCH' }));
  });

  it('rotate() interrupted after the keyring write leaves the previous state, and the next rotation succeeds', () => {
    const { service } = home.open();
    const before = service.create('Ada');
    home.clock.advance(hourMs);
    const crashing = home.open({ vault: (real) => crashingVault(real, 'add') }).service;
    expect(() => crashing.rotate()).toThrow('simulated crash');
    const reopened = home.open();
    const summary = reopened.service.show();
    expect([summary.sequence, summary.chainValid, summary.signingKey.keyId]).toEqual([0, true, before.signingKey.keyId]);
    expect(reopened.vault.list()).toHaveLength(4); // genesis, living, next and the orphan
    reopened.service.sign(new Uint8Array([1]));
    reopened.service.rotate();
    expect(reopened.service.show().sequence).toBe(1);
    expect(reopened.vault.list()).toHaveLength(3);
  });

  it('rotate() interrupted after the commit leaves the new state and a prunable retired secret', () => {
    const { service } = home.open();
    const before = service.create('Ada');
    home.clock.advance(hourMs);
    const crashing = home.open({ vault: (real) => crashingVault(real, 'remove') }).service;
    expect(() => crashing.rotate()).toThrow('simulated crash');
    const reopened = home.open();
    const summary = reopened.service.show();
    expect([summary.sequence, summary.chainValid, summary.signingKey.keyId]).toEqual([1, true, before.nextKeyCommitment]);
    expect(reopened.service.pruneKeyring()).toEqual([before.signingKey.keyId]);
    expect(reopened.vault.list()).toHaveLength(3);
  });

  it('show() reports a tampered stored event and rotate() refuses to extend it', () => {
    const { service, store } = home.open();
    service.create('Ada');
    home.clock.advance(hourMs);
    service.rotate();
    store.write((writer) => {
      const event = writer.get('keyEvents', 1) as Record<string, unknown>;
      writer.put('keyEvents', 1, { ...event, createdMs: (event['createdMs'] as number) + 1 });
    });
    const fresh = home.open().service;
    const summary = fresh.show();
    expect([summary.chainValid, summary.sequence, summary.chainFailure?.sequence]).toEqual([false, 0, 1]);
    expect(() => fresh.rotate()).toThrow(expect.objectContaining({ code: 'IDENTITY_CHAIN_INVALID' }));
  });

  it('sign() fails with IDENTITY_KEY_MISSING when the living secret is gone', () => {
    const { service, vault } = home.open();
    const summary = service.create('Ada');
    vault.remove([summary.signingKey.keyId]);
    expect(() => home.open().service.sign(new Uint8Array([1]))).toThrow(expect.objectContaining({ code: 'IDENTITY_KEY_MISSING' }));
  });

  it('show() fails with IDENTITY_PASSPHRASE_WRONG when a sealed keyring gets the wrong key', () => {
    home.open({ sealingKey: new Uint8Array(32).fill(1) }).service.create('Ada');
    const wrong = home.open({ sealingKey: new Uint8Array(32).fill(2) }).service;
    expect(() => wrong.show()).toThrow(expect.objectContaining({ code: 'IDENTITY_PASSPHRASE_WRONG' }));
  });

  it('keyEvents() export verifies independently of the home', () => {
    const { service } = home.open();
    const { did } = service.create('Ada');
    home.clock.advance(hourMs);
    service.rotate();
    const result = verifyKeyEventLog(did, JSON.parse(JSON.stringify(service.keyEvents())) as unknown[]);
    expect(result.ok && result.state.sequence).toBe(1);
  });

  it('keyState() fails with IDENTITY_NOT_FOUND in a home without identity', () => {
    expect(() => home.open().service.keyState()).toThrow(expect.objectContaining({ code: 'IDENTITY_NOT_FOUND' }));
  });
});
