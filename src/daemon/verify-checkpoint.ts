/**
 * `noctem verify FILE`: reads a checkpoint file and verifies it (persist/home-checkpoint-verify.ts),
 * without any home. The passphrase is asked for only when the file is encrypted and its
 * structure is sound (a damaged file is reported without it).
 */
import { NoctemError } from '../core/index.ts';
import {
  ZstdCodec,
  checkpointKeySalt,
  deriveCheckpointKey,
  inspectNik,
  verifyHomeCheckpoint,
  type CheckpointVerification,
} from '../persist/index.ts';
import type { PassphraseSource } from './compose.ts';
import { readCheckpointFile } from './fs-checkpoint-files.ts';

/** Options of {@link verifyCheckpointFile}. */
export interface VerifyCheckpointOptions {
  /** The passphrase, asked for only for an encrypted file. @default none */
  readonly passphrase?: PassphraseSource;
}

/**
 * Verifies the checkpoint file at `path`.
 * @param path - an absolute path
 * @param options - the passphrase source
 * @returns the file's path and the verification
 * @throws {NoctemError} FILE_NOT_FOUND, NIK_TOO_LARGE when the file cannot be read
 * @throws {NoctemError} NIK_KEY_REQUIRED, NIK_KEY_WRONG for an encrypted file
 */
export async function verifyCheckpointFile(path: string, options: VerifyCheckpointOptions = {}): Promise<CheckpointVerification & { readonly file: string }> {
  const bytes = await readCheckpointFile(path);
  const codec = await ZstdCodec.create();
  const salt = checkpointKeySalt(bytes);
  if (salt === undefined || !inspectNik(bytes).valid) return { file: path, ...verifyHomeCheckpoint(bytes, { codec }) };
  const passphrase = await options.passphrase?.();
  if (passphrase === undefined || passphrase === '') {
    throw new NoctemError('NIK_KEY_REQUIRED', `"${path}" is encrypted: give the passphrase of the home that wrote it`, { details: { file: path } });
  }
  return { file: path, ...verifyHomeCheckpoint(bytes, { codec, key: deriveCheckpointKey(passphrase, salt) }) };
}
