/**
 * Goal: `noctem identity credential issue|verify` issue W3C VC 2.0 credentials that verify
 * across a rotation, verify an independent implementation's credential (the W3C
 * vc-di-eddsa eddsa-jcs-2022 test vector) from a file, and refuse bad files (not JSON,
 * oversized, missing, tampered) with a clear outcome, changing nothing in the home.
 * Method: the in-process CLI on one home per file, copied where a test changes it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FakeClock, limits } from '../../core/index.ts';
import { cli, type CliResult } from '../../../test/helpers/cli.ts';
import { copyHome, fingerprintHome, initHome } from '../../../test/helpers/home.ts';

// W3C vc-di-eddsa v1.0, "Representation: eddsa-jcs-2022" example, signed by the key pair
// of TestVectors/keyPair.json (did:key verification method).
const w3cKey = 'z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2';
const w3cContext = ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'];
const w3cCredential = {
  '@context': w3cContext,
  id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
  type: ['VerifiableCredential', 'AlumniCredential'],
  name: 'Alumni Credential',
  description: 'A minimum viable example of an Alumni Credential.',
  issuer: 'https://vc.example/issuers/5678',
  validFrom: '2023-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:abcdefgh', alumniOf: 'The School of Examples' },
  proof: {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-jcs-2022',
    created: '2023-02-24T23:36:38Z',
    verificationMethod: `did:key:${w3cKey}#${w3cKey}`,
    proofPurpose: 'assertionMethod',
    '@context': w3cContext,
    proofValue: 'z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX',
  },
};

let dir: string;
let home: string;
let did: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-credential-'));
  home = await initHome(join(dir, 'home'), { args: ['--name', 'Ada'] });
  did = (await run(home, 'identity', 'show')).json<{ did: string }>().did;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(at: string, ...argv: string[]): Promise<CliResult> {
  return cli([...argv, '--json', '--home', at]);
}

async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

test('credential issue writes a VC 2.0 credential that credential verify accepts', async () => {
  const out = join(dir, 'membership.json');
  const issued = await run(home, 'identity', 'credential', 'issue', '--subject', 'did:key:z6MkInstance', '--claim', 'belongsTo=Ada', '--type', 'DeviceMembershipCredential', '--out', out);
  expect(issued.json()).toMatchObject({ path: out, issuer: did, id: expect.stringMatching(/^urn:uuid:/) });
  expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({
    type: ['VerifiableCredential', 'DeviceMembershipCredential'],
    credentialSubject: { id: 'did:key:z6MkInstance', belongsTo: 'Ada' },
    proof: { cryptosuite: 'eddsa-jcs-2022' },
  });
  const verified = await run(home, 'identity', 'credential', 'verify', out);
  expect(verified).toMatchObject({ code: 0 });
  expect(verified.json()).toMatchObject({ valid: true, issuer: did, issuerBinding: 'key-event-log' });
});

test('a credential issued before a rotation still verifies after it', async () => {
  const rotating = await copyHome(home, join(dir, 'rotating'));
  const out = join(dir, 'before-rotation.json');
  const clock = new FakeClock(Date.UTC(2026, 10, 23));
  const at = (...argv: string[]): Promise<CliResult> => cli([...argv, '--json', '--home', rotating], { clock });
  expect((await at('identity', 'credential', 'issue', '--subject', 'did:example:x', '--claim', 'k=v', '--out', out)).code).toBe(0);
  clock.advance(60_000);
  expect((await at('identity', 'rotate')).code).toBe(0);
  expect((await at('identity', 'credential', 'verify', out)).json()).toMatchObject({ valid: true, issuerBinding: 'key-event-log' });
});

test('credential verify checks the W3C test vector\'s proof and reports its issuer as unbound', async () => {
  const result = await run(home, 'identity', 'credential', 'verify', await file('w3c.json', w3cCredential));
  expect(result.code).toBe(1);
  expect(result.json()).toMatchObject({ valid: false, reason: 'issuer-unbound', verificationMethod: w3cCredential.proof.verificationMethod });
});

test('credential verify --allow-unbound accepts the W3C test vector', async () => {
  const result = await run(home, 'identity', 'credential', 'verify', await file('w3c-unbound.json', w3cCredential), '--allow-unbound');
  expect(result).toMatchObject({ code: 0 });
  expect(result.json()).toEqual({ valid: true, issuer: 'https://vc.example/issuers/5678', verificationMethod: w3cCredential.proof.verificationMethod, issuerBinding: 'none' });
});

test('credential verify rejects the W3C test vector with a changed claim', async () => {
  const tampered = { ...w3cCredential, credentialSubject: { ...w3cCredential.credentialSubject, alumniOf: 'Another School' } };
  const result = await run(home, 'identity', 'credential', 'verify', await file('w3c-tampered.json', tampered), '--allow-unbound');
  expect(result.code).toBe(1);
  expect(result.json()).toMatchObject({ valid: false, reason: expect.stringMatching(/signature|proof/) });
});

test('credential verify rejects our own credential with a changed claim', async () => {
  const out = join(dir, 'ours.json');
  expect((await run(home, 'identity', 'credential', 'issue', '--subject', 'did:example:y', '--claim', 'role=reader', '--out', out)).code).toBe(0);
  const credential = JSON.parse(await readFile(out, 'utf8')) as { credentialSubject: Record<string, string> };
  credential.credentialSubject['role'] = 'admin';
  const result = await run(home, 'identity', 'credential', 'verify', await file('ours-tampered.json', credential));
  expect(result.json()).toMatchObject({ valid: false, issuer: did });
});

test('credential verify gives CREDENTIAL_INVALID for a file that is not JSON', async () => {
  const result = await run(home, 'identity', 'credential', 'verify', await file('broken.json', '{"@context": ['));
  expect(result.json()).toMatchObject({ error: { code: 'CREDENTIAL_INVALID' } });
});

test('credential verify reports JSON that is not a credential as not valid', async () => {
  const result = await run(home, 'identity', 'credential', 'verify', await file('array.json', [1, 2, 3]));
  expect(result.code).toBe(1);
  expect(result.json()).toMatchObject({ valid: false });
});

test('credential verify gives FILE_TOO_LARGE for an oversized file without parsing it', async () => {
  const path = await file('huge.json', `{"pad": "${'x'.repeat(limits.credentialSizeBytesMax)}"}`);
  expect((await run(home, 'identity', 'credential', 'verify', path)).json()).toMatchObject({ error: { code: 'FILE_TOO_LARGE' } });
});

test('credential verify gives FILE_NOT_FOUND for a missing file', async () => {
  const result = await run(home, 'identity', 'credential', 'verify', join(dir, 'absent.json'));
  expect(result.json()).toMatchObject({ error: { code: 'FILE_NOT_FOUND' } });
});

test('refused credential files change nothing in the home', async () => {
  const copy = await copyHome(home, join(dir, 'untouched'));
  const before = await fingerprintHome(copy);
  for (const name of ['broken.json', 'huge.json', 'w3c-tampered.json', 'array.json']) {
    expect((await run(copy, 'identity', 'credential', 'verify', join(dir, name))).code).toBe(1);
  }
  expect(await fingerprintHome(copy)).toEqual(before);
});

test('credential issue never overwrites an existing --out file', async () => {
  const out = await file('taken.json', 'keep me');
  const result = await run(home, 'identity', 'credential', 'issue', '--subject', 'did:example:z', '--out', out);
  expect(result.json()).toMatchObject({ error: { code: 'FILE_EXISTS' } });
  expect(await readFile(out, 'utf8')).toBe('keep me');
});

test('credential issue refuses a malformed --claim before opening the home', async () => {
  const result = await run('/nonexistent/home', 'identity', 'credential', 'issue', '--subject', 'did:example:z', '--claim', 'no-equals-sign', '--out', join(dir, 'x.json'));
  expect(result.json()).toMatchObject({ error: { code: 'USAGE' } });
});
