/**
 * `noctem restore FILE... --home NEW`: rebuilds a home from a checkpoint chain, atomically
 * (docs/formats/nik.md "Restore"). Every file is read, authenticated and decoded, the chain is
 * checked and replayed in memory with its GAP-014 invariants and tallies; only then is a home
 * created in a hidden sibling folder of NEW (a new identity and audit log), the memory written
 * in one transaction with a `checkpoint.restore` audit entry, noctem.json given the chain's
 * settings, and the folder renamed to NEW. A failure removes the temp folder; a crash leaves
 * it for the next restore of NEW to remove. NEW exists only once it is complete.
 */
import { NoctemError, bytesToHex, limits, systemClock, type Clock } from '../core/index.ts';
import {
  ZstdCodec,
  checkpointKeySalt,
  decodeHomeCheckpoint,
  deriveCheckpointKey,
  readNik,
  replayCheckpointChain,
  writeRestoredMemory,
  type CheckpointChainFile,
  type RestoredMemory,
} from '../persist/index.ts';
import { homePaths, writeHomeConfig } from '../store/index.ts';
import { createNoctem, type PassphraseSource } from './compose.ts';
import { pathExists, publishFolder, readCheckpointFile, removeFolder, restoreTempFolder } from './fs-checkpoint-files.ts';

/** Options of {@link restoreHome}. */
export interface RestoreHomeOptions {
  /** @default systemClock */
  readonly clock?: Clock;
  /** The passphrase, asked for only when a file is encrypted. @default none */
  readonly passphrase?: PassphraseSource;
}

/** What a restore made (the `--json` output of `noctem restore`). */
export interface RestoreHomeResult {
  /** The new home's absolute path. */
  readonly home: string;
  /** The files, in chain order. */
  readonly files: readonly string[];
  /** Nodes in the restored memory. */
  readonly nodes: number;
  /** The Merkle root of the last file. */
  readonly merkleRoot: string;
  /** Whether the new home is encrypted (it is when the chain was). */
  readonly encrypted: boolean;
}

/**
 * Restores a checkpoint chain into a new home.
 * @param files - absolute paths: the full snapshot, then its differentials in order
 * @param target - the absolute path of the new home, which must not exist
 * @param options - clock and passphrase
 * @throws {NoctemError} HOME_EXISTS when `target` exists
 * @throws {NoctemError} NIK_KEY_REQUIRED, NIK_KEY_WRONG for an encrypted chain
 * @throws {NoctemError} NIK_PARENT_MISSING, NIK_CHAIN_ORDER, CHECKPOINT_INVALID, FORMAT_CORRUPT
 */
export async function restoreHome(files: readonly string[], target: string, options: RestoreHomeOptions = {}): Promise<RestoreHomeResult> {
  if (await pathExists(target)) throw new NoctemError('HOME_EXISTS', `"${target}" already exists: restore creates a new home`, { details: { home: target } });
  const { chain, passphrase } = await readChain(files, options.passphrase);
  const memory = replayCheckpointChain(chain);
  const temp = await restoreTempFolder(target);
  try {
    await buildHome(temp, memory, { chain, passphrase, clock: options.clock ?? systemClock });
    await publishFolder(temp, target);
  } catch (error) {
    await removeFolder(temp);
    throw error;
  }
  const last = chain[chain.length - 1]!.content.file.footer;
  return { home: target, files: [...files], nodes: memory.nodes.length, merkleRoot: bytesToHex(last.merkleRoot), encrypted: passphrase !== undefined };
}

/** Reads, authenticates and decodes every file; asks for the passphrase once if one is encrypted. */
async function readChain(files: readonly string[], source: PassphraseSource | undefined): Promise<{ chain: CheckpointChainFile[]; passphrase: string | undefined }> {
  const codec = await ZstdCodec.create();
  const keys = new Map<number, Uint8Array>();
  let passphrase: string | undefined;
  const chain: CheckpointChainFile[] = [];
  for (const name of files) {
    const bytes = await readCheckpointFile(name);
    const salt = checkpointKeySalt(bytes);
    if (salt !== undefined && passphrase === undefined) {
      passphrase = await source?.();
      if (passphrase === undefined || passphrase === '') throw new NoctemError('NIK_KEY_REQUIRED', `"${name}" is encrypted: give the passphrase of the home that wrote it`);
    }
    if (salt !== undefined && !keys.has(salt)) keys.set(salt, deriveCheckpointKey(passphrase!, salt));
    const key = salt === undefined ? undefined : keys.get(salt);
    chain.push({ name, content: decodeHomeCheckpoint(readNik(bytes, { codec, ...(key === undefined ? {} : { key }) })) });
  }
  return { chain, passphrase };
}

/** Creates the home in `temp`, writes the memory and the audit entry, and sets its settings. */
async function buildHome(temp: string, memory: RestoredMemory, context: { chain: readonly CheckpointChainFile[]; passphrase: string | undefined; clock: Clock }): Promise<void> {
  const noctem = await createNoctem(temp, {
    clock: context.clock,
    name: memory.home.name,
    ...(context.passphrase === undefined ? {} : { encryptWith: context.passphrase }),
  });
  try {
    noctem.store.write((writer) => {
      writeRestoredMemory(writer, memory);
      const details = { ...auditedFiles(context.chain), nodes: memory.nodes.length, energy: memory.energy };
      noctem.audit.appendInTransaction(writer, [{ actor: 'person', action: 'checkpoint.restore', details }]);
    });
    await writeHomeConfig(homePaths(temp), { ...noctem.config, ...memory.home.sections, name: memory.home.name, projectionSeed: memory.home.projectionSeed });
  } finally {
    await noctem.close();
  }
}

/** The files and Merkle roots for the audit entry, as many as fit its size limit. */
function auditedFiles(chain: readonly CheckpointChainFile[]): { files: { file: string; merkleRoot: string }[]; filesTotal: number } {
  const files: { file: string; merkleRoot: string }[] = [];
  let sizeBytes = 0;
  for (const { name, content } of chain) {
    const entry = { file: name, merkleRoot: bytesToHex(content.file.footer.merkleRoot) };
    sizeBytes += Buffer.byteLength(JSON.stringify(entry)) + 1;
    // Keep a quarter of the audit details budget for the rest of the entry and its encoding.
    if (sizeBytes > (limits.auditDetailsBytesMax * 3) / 4) break;
    files.push(entry);
  }
  return { files, filesTotal: chain.length };
}
