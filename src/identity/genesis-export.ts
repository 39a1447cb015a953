/**
 * The exported genesis key file (`noctem identity export-genesis --out FILE`): the genesis
 * secret seed, to be kept offline (the spec's "Genesis Key (Offline): held by human
 * operators (air-gapped)"). JSON, unencrypted on purpose: the person moves it to paper or
 * an offline medium, and it must stay readable without this home's passphrase.
 */
import { NoctemError, type Did, type KeyId } from '../core/index.ts';
import { multibaseDecode, multibaseEncode } from '../core/index.ts';
import { isSha256Multihash } from './digest.ts';
import { hybridLengths } from './hybrid-signature.ts';
import type { KeyringEntry } from './key-vault.ts';

/** The `format` member of an exported genesis key. */
export const genesisExportFormat = 'noctem-genesis-key';

/** An exported genesis key. */
export interface GenesisExport {
  readonly did: Did;
  readonly entry: KeyringEntry;
}

/**
 * The file text of an exported genesis key.
 * @param genesis - the identity's DID and the genesis keyring entry
 */
export function encodeGenesisExport(genesis: GenesisExport): string {
  const file = {
    format: genesisExportFormat,
    version: 1,
    warning: 'This is the root secret of the identity below. Keep it offline. Anyone holding it can speak for the identity.',
    did: genesis.did,
    keyId: genesis.entry.keyId,
    seed: multibaseEncode(genesis.entry.seed, 'base64url'),
    createdMs: genesis.entry.createdMs,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Parses an exported genesis key file.
 * @param text - the file's text, untrusted
 * @throws {NoctemError} JSON_INVALID when it is not an exported genesis key
 */
export function decodeGenesisExport(text: string): GenesisExport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new NoctemError('JSON_INVALID', 'The genesis key file is not valid JSON', { cause });
  }
  const file = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const { did, keyId, seed, createdMs } = file;
  const wellFormed =
    file['format'] === genesisExportFormat && file['version'] === 1 &&
    typeof did === 'string' && did.startsWith('did:key:') &&
    typeof keyId === 'string' && isSha256Multihash(keyId) &&
    typeof seed === 'string' && Number.isSafeInteger(createdMs);
  if (!wellFormed) throw new NoctemError('JSON_INVALID', 'The file is not a Noctem genesis key export');
  const seedBytes = multibaseDecode(seed, 'base64url').bytes;
  if (seedBytes.length !== hybridLengths.hybridSeedBytes) throw new NoctemError('JSON_INVALID', 'The genesis seed is truncated');
  return { did: did as Did, entry: { keyId: keyId as KeyId, seed: seedBytes, createdMs: createdMs as number } };
}
