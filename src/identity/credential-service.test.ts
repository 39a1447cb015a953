/**
 * Goal: credentials issued by a home's identity verify, stay valid across rotations of the
 * living key, and a device-membership credential says what it should.
 * Method: a real identity in a temporary home (LMDB + keys.json), rotated between issue
 * and verification.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../core/index.ts';
import { openLmdbHomeStore, type HomeStore } from '../store/index.ts';
import { CredentialService } from './credential-service.ts';
import { buildCredential } from './credential.ts';
import { readDeviceMembership } from './device-membership.ts';
import { openFsKeyVault } from './fs-key-vault.ts';
import { IdentityService } from './identity-service.ts';
import { checkKeyEventHeadIn, readKeyEventHead } from './key-event-store.ts';

const randomBytes = (length: number): Uint8Array => new Uint8Array(nodeRandomBytes(length));
let dir: string;
let store: HomeStore;
let clock: FakeClock;
let identity: IdentityService;
let credentials: CredentialService;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-credential-'));
  store = openLmdbHomeStore(join(dir, 'store'));
  clock = new FakeClock();
  identity = new IdentityService({ store, vault: openFsKeyVault(join(dir, 'keys.json')), clock, randomBytes });
  identity.create('Ada');
  credentials = new CredentialService(identity, { clock, randomBytes });
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('CredentialService', () => {
  it('issue() makes a credential from our DID that verify() binds through the key event log', () => {
    const credential = credentials.issue({ types: ['ExampleCredential'], credentialSubject: { id: 'did:example:bob', knows: 'Ada' } });
    expect(credential.issuer).toBe(identity.keyState().did);
    expect(credential.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(credentials.verify(credential)).toMatchObject({ valid: true, issuerBinding: 'key-event-log' });
  });

  it('verify() keeps accepting a credential signed before a rotation', () => {
    const credential = credentials.issue({ types: [], credentialSubject: { id: 'did:example:bob' } });
    clock.advance(60_000);
    identity.rotate();
    expect(credentials.verify(credential).valid).toBe(true);
  });

  it('issue() right after a rotation, within the same second, verifies', () => {
    clock.advance(60_250);
    identity.rotate();
    clock.advance(100);
    const credential = credentials.issue({ types: [], credentialSubject: { id: 'did:example:bob' } });
    expect(credential.proof.created).toMatch(/\.350Z$/);
    expect(credentials.verify(credential).valid).toBe(true);
  });

  it('issueDeviceMembership() states that the instance belongs to this identity', () => {
    const credential = credentials.issueDeviceMembership({ instanceId: 'urn:uuid:6ba7b810-9dad-41d1-80b4-00c04fd430c8', instanceName: 'phone' });
    expect(credentials.verify(credential).valid).toBe(true);
    expect(readDeviceMembership(credential)).toEqual({
      personDid: identity.keyState().did,
      instanceId: 'urn:uuid:6ba7b810-9dad-41d1-80b4-00c04fd430c8',
      instanceName: 'phone',
    });
  });

  it('sign() refuses to issue as another DID', () => {
    const unsigned = buildCredential({ types: [], issuer: 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp' as never, credentialSubject: {}, validFromMs: 0 });
    expect(() => credentials.sign(unsigned)).toThrow(expect.objectContaining({ code: 'CREDENTIAL_INVALID' }));
  });

  it('checkKeyEventHeadIn() refuses a rotation built on a head that moved', () => {
    const head = readKeyEventHead(store);
    clock.advance(60_000);
    identity.rotate();
    expect(() => store.write((writer) => checkKeyEventHeadIn(writer, head))).toThrow(
      expect.objectContaining({ code: 'IDENTITY_ROTATION_CONFLICT' }),
    );
  });
});
