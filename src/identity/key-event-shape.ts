/**
 * Structural validation of untrusted key events (from the store, a peer or a file) before
 * any cryptography runs: exact member sets, types, ranges. Cryptographic and chain checks
 * live in `key-event-log.ts`.
 */
import { limits } from '../core/index.ts';
import { isSha256Multihash } from './digest.ts';
import { hybridSuite } from './hybrid-signature.ts';

const inceptionMembers = [
  'type', 'version', 'did', 'sequence', 'previousDigest', 'createdMs',
  'genesisKey', 'livingKey', 'nextKeyCommitment', 'signatures',
];
const rotationMembers = [
  'type', 'version', 'did', 'sequence', 'previousDigest', 'createdMs',
  'livingKey', 'nextKeyCommitment', 'revocation', 'signatures',
];
const suiteMembers = ['suite', 'ed25519', 'slhDsa'];
const revocationMembers = ['keyId', 'revokedAtMs', 'reason'];

/**
 * Says what is structurally wrong with a would-be key event.
 * @param value - untrusted input
 * @returns undefined when the shape is right, else a short description of the first problem
 */
export function keyEventShapeError(value: unknown): string | undefined {
  if (!isRecord(value)) return 'is not an object';
  if (value['type'] === 'inception') return inceptionError(value);
  if (value['type'] === 'rotation') return rotationError(value);
  return 'has an unknown type';
}

function inceptionError(event: Record<string, unknown>): string | undefined {
  return (
    membersError(event, inceptionMembers, 'an inception') ??
    commonError(event) ??
    (event['sequence'] !== 0 ? 'is an inception with a sequence other than 0' : undefined) ??
    (event['previousDigest'] !== null ? 'is an inception with a previous digest' : undefined) ??
    suiteObjectError(event['genesisKey'], 'genesisKey') ??
    signaturesError(event['signatures'], ['genesis', 'living'])
  );
}

function rotationError(event: Record<string, unknown>): string | undefined {
  const sequence = event['sequence'];
  const previousDigest = event['previousDigest'];
  return (
    membersError(event, rotationMembers, 'a rotation') ??
    commonError(event) ??
    (typeof sequence === 'number' && sequence < 1 ? 'is a rotation with sequence 0' : undefined) ??
    (typeof previousDigest !== 'string' || !isSha256Multihash(previousDigest) ? 'has an invalid previousDigest' : undefined) ??
    revocationError(event['revocation']) ??
    signaturesError(event['signatures'], ['outgoing', 'incoming'])
  );
}

function commonError(event: Record<string, unknown>): string | undefined {
  const { version, did, sequence, createdMs, nextKeyCommitment } = event;
  if (version !== 1) return 'has an unsupported version';
  if (typeof did !== 'string' || !did.startsWith('did:key:z6Mk') || did.length > 128) return 'has an invalid did';
  if (!Number.isSafeInteger(sequence) || (sequence as number) < 0 || (sequence as number) >= limits.keyEventsMax) {
    return 'has an invalid sequence';
  }
  if (!isTimeMs(createdMs)) return 'has an invalid createdMs';
  if (typeof nextKeyCommitment !== 'string' || !isSha256Multihash(nextKeyCommitment)) return 'has an invalid nextKeyCommitment';
  return suiteObjectError(event['livingKey'], 'livingKey');
}

function revocationError(value: unknown): string | undefined {
  if (!isRecord(value)) return 'has no revocation object';
  const error = membersError(value, revocationMembers, 'a revocation');
  if (error !== undefined) return error;
  if (typeof value['keyId'] !== 'string' || !isSha256Multihash(value['keyId'])) return 'revokes an invalid key id';
  if (!isTimeMs(value['revokedAtMs'])) return 'has an invalid revokedAtMs';
  if (value['reason'] !== 'rotation' && value['reason'] !== 'compromise') return 'has an unknown revocation reason';
  return undefined;
}

function signaturesError(value: unknown, roles: readonly string[]): string | undefined {
  if (!isRecord(value)) return 'has no signatures object';
  const error = membersError(value, roles, 'a signatures object');
  if (error !== undefined) return error;
  for (const role of roles) {
    const roleError = suiteObjectError(value[role], `signatures.${role}`);
    if (roleError !== undefined) return roleError;
  }
  return undefined;
}

function suiteObjectError(value: unknown, name: string): string | undefined {
  if (!isRecord(value)) return `has no ${name} object`;
  if (membersError(value, suiteMembers, name) !== undefined) return `has a malformed ${name}`;
  if (value['suite'] !== hybridSuite) return `has an unsupported suite in ${name}`;
  const { ed25519, slhDsa } = value;
  if (typeof ed25519 !== 'string' || typeof slhDsa !== 'string') return `has non-string keys in ${name}`;
  if (ed25519.length > limits.base58CharsMax || slhDsa.length > limits.multibaseCharsMax) return `has oversized ${name}`;
  return undefined;
}

function membersError(value: Record<string, unknown>, expected: readonly string[], what: string): string | undefined {
  const names = Object.keys(value);
  const unexpected = names.find((name) => !expected.includes(name));
  if (unexpected !== undefined) return `has a member "${unexpected}" that ${what} does not have`;
  const missing = expected.find((name) => !Object.hasOwn(value, name));
  if (missing !== undefined) return `lacks the member "${missing}" of ${what}`;
  return undefined;
}

function isTimeMs(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
