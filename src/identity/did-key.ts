/**
 * did:key for Ed25519 (W3C CCG did:key method v0.7+): the DID is `did:key:` followed by the
 * Multikey encoding of the public key, i.e. multibase base58btc (`z`) of the multicodec
 * varint 0xed 0x01 (ed25519-pub) and the 32 key bytes, so every Ed25519 did:key starts
 * `did:key:z6Mk`. A did:key needs no registry: the DID is the key.
 */
import { NoctemError, type Did } from '../core/index.ts';
import { multibaseDecode, multibaseEncode } from '../core/index.ts';

/** The multicodec varint prefix of an Ed25519 public key (0xed, as the varint 0xed 0x01). */
export const ed25519PublicKeyMulticodec = Uint8Array.of(0xed, 0x01);
/** The multicodec varint prefix of an Ed25519 secret key seed (0x1300, as 0x80 0x26). */
export const ed25519SecretKeyMulticodec = Uint8Array.of(0x80, 0x26);

const didKeyPrefix = 'did:key:';
const ed25519KeyBytes = 32;

/** A DID URL split into its DID and fragment. */
export interface DidUrl {
  readonly did: Did;
  /** The text after `#`, or undefined when there is none. */
  readonly fragment: string | undefined;
}

/**
 * The Multikey `publicKeyMultibase` of an Ed25519 public key (`z6Mk…`).
 * @param publicKey - 32 bytes
 */
export function ed25519PublicKeyToMultikey(publicKey: Uint8Array): string {
  return multibaseEncode(withPrefix(ed25519PublicKeyMulticodec, checkLength(publicKey)), 'base58btc');
}

/**
 * The Ed25519 public key in a Multikey `publicKeyMultibase`.
 * @param multikey - `z6Mk…`
 * @returns 32 bytes
 * @throws {NoctemError} DID_INVALID when it is not an Ed25519 Multikey
 */
export function ed25519PublicKeyFromMultikey(multikey: string): Uint8Array {
  return stripPrefix(multikey, ed25519PublicKeyMulticodec, 'an Ed25519 public key');
}

/**
 * The Multikey `secretKeyMultibase` of an Ed25519 secret seed (`z3u2…`), as in the W3C
 * Data Integrity test vectors.
 * @param seed - the 32-byte RFC 8032 secret key
 */
export function ed25519SecretKeyToMultikey(seed: Uint8Array): string {
  return multibaseEncode(withPrefix(ed25519SecretKeyMulticodec, checkLength(seed)), 'base58btc');
}

/**
 * The Ed25519 secret seed in a Multikey `secretKeyMultibase`.
 * @param multikey - `z3u2…`
 * @returns the 32-byte RFC 8032 secret key
 * @throws {NoctemError} DID_INVALID when it is not an Ed25519 secret Multikey
 */
export function ed25519SecretKeyFromMultikey(multikey: string): Uint8Array {
  return stripPrefix(multikey, ed25519SecretKeyMulticodec, 'an Ed25519 secret key');
}

/**
 * The did:key of an Ed25519 public key.
 * @param publicKey - 32 bytes
 * @returns `did:key:z6Mk…`
 */
export function didKeyFromEd25519(publicKey: Uint8Array): Did {
  return `${didKeyPrefix}${ed25519PublicKeyToMultikey(publicKey)}` as Did;
}

/**
 * The Ed25519 public key a did:key names.
 * @param did - `did:key:z6Mk…` (no fragment)
 * @returns 32 bytes
 * @throws {NoctemError} DID_INVALID when `did` is not an Ed25519 did:key
 */
export function ed25519FromDidKey(did: string): Uint8Array {
  if (!did.startsWith(didKeyPrefix)) throw new NoctemError('DID_INVALID', `"${clip(did)}" is not a did:key`);
  return ed25519PublicKeyFromMultikey(did.slice(didKeyPrefix.length));
}

/**
 * The verification method id of a did:key's only key: `did:key:z6Mk…#z6Mk…`.
 * @param did - an Ed25519 did:key
 */
export function didKeyVerificationMethodId(did: Did): string {
  return `${did}#${did.slice(didKeyPrefix.length)}`;
}

/**
 * Splits a DID URL into DID and fragment, checking the DID syntax (`did:method:id`).
 * Paths and queries are not supported: they are not used by did:key.
 * @param url - `did:…` or `did:…#fragment`
 * @throws {NoctemError} DID_INVALID when it is not a DID URL
 */
export function parseDidUrl(url: string): DidUrl {
  const hash = url.indexOf('#');
  const did = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? undefined : url.slice(hash + 1);
  if (!/^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$/.test(did) || did.length > 2048) {
    throw new NoctemError('DID_INVALID', `"${clip(url)}" is not a DID URL`);
  }
  return { did: did as Did, fragment };
}

/**
 * The Ed25519 public key an Ed25519 did:key verification method URL names, checking that
 * the fragment, when present, is the key itself (as did:key documents define it).
 * @param url - `did:key:z6Mk…#z6Mk…` or `did:key:z6Mk…`
 * @throws {NoctemError} DID_INVALID when the URL is not such a verification method
 */
export function ed25519FromDidKeyUrl(url: string): Uint8Array {
  const { did, fragment } = parseDidUrl(url);
  const publicKey = ed25519FromDidKey(did);
  if (fragment !== undefined && fragment !== did.slice(didKeyPrefix.length)) {
    throw new NoctemError('DID_INVALID', `"${clip(url)}" names a key that its did:key document does not hold`);
  }
  return publicKey;
}

function withPrefix(prefix: Uint8Array, key: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + key.length);
  out.set(prefix, 0);
  out.set(key, prefix.length);
  return out;
}

function stripPrefix(multikey: string, prefix: Uint8Array, what: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = multibaseDecode(multikey, 'base58btc').bytes;
  } catch (cause) {
    throw new NoctemError('DID_INVALID', `"${clip(multikey)}" is not ${what} Multikey`, { cause });
  }
  const prefixMatches = bytes[0] === prefix[0] && bytes[1] === prefix[1];
  if (!prefixMatches || bytes.length !== prefix.length + ed25519KeyBytes) {
    throw new NoctemError('DID_INVALID', `"${clip(multikey)}" is not ${what} Multikey`);
  }
  return bytes.slice(prefix.length);
}

function checkLength(key: Uint8Array): Uint8Array {
  if (key.length !== ed25519KeyBytes) throw new NoctemError('DID_INVALID', `An Ed25519 key has 32 bytes, not ${key.length}`);
  return key;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
