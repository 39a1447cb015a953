/**
 * `noctem verify` on a home checkpoint (docs/formats/nik.md "Verification"): the container's
 * structural checks (`inspectNik`: magic, version, lengths, CRC32C, order, Merkle root), then,
 * when the structure is sound, every page authenticated (with the key of an encrypted file),
 * decompressed and decoded, and the GAP-014 invariants checked. Problems are listed, not
 * thrown; only a missing or wrong key is an error, since without the key nothing past the
 * structure can be judged.
 */
import { NoctemError, bytesToHex } from '../core/index.ts';
import { checkHomeCheckpoint } from './home-checkpoint-checks.ts';
import { decodeHomeCheckpoint } from './home-checkpoint-content.ts';
import { inspectNik } from './nik-inspect.ts';
import { readNik } from './nik-reader.ts';
import type { NikPorts } from './nik-writer.ts';

/** One problem found by {@link verifyHomeCheckpoint}. */
export interface CheckpointVerifyError {
  /** The check: a container check (magic, version, length, crc32c, merkle, order, …), 'decode', 'spd', 'energy' or 'topology'. */
  readonly check: string;
  readonly message: string;
  /** Where in the file, for container checks. */
  readonly offsetBytes?: number;
  /** The node, for node checks. */
  readonly nodeId?: string;
}

/** The result of {@link verifyHomeCheckpoint}. */
export interface CheckpointVerification {
  readonly valid: boolean;
  readonly errors: readonly CheckpointVerifyError[];
  /** Poorly conditioned metrics (condition number above 1e6). */
  readonly warnings: readonly string[];
  /** 'full' or 'differential' when the header is readable. */
  readonly kind: 'full' | 'differential' | null;
  readonly encrypted: boolean;
  /** Nodes in the file, when decoded. */
  readonly nodes: number | null;
  /** The file's Merkle root (hex), when the footer is readable. */
  readonly merkleRoot: string | null;
  /** The parent's Merkle root (hex) of a differential. */
  readonly parent: string | null;
  /** The worst metric condition number, when decoded. */
  readonly conditionNumberMax: number | null;
  /** Σ node energy of the file, when decoded. */
  readonly energy: number | null;
}

/**
 * Verifies a home checkpoint file.
 * @param bytes - the whole file, untrusted
 * @param ports - the zstd codec and, for an encrypted file, its key
 * @returns validity and every problem found (at most 100 per stage)
 * @throws {NoctemError} NIK_KEY_REQUIRED when the file is encrypted and no key was given
 * @throws {NoctemError} NIK_KEY_WRONG when the key is not the file's
 */
export function verifyHomeCheckpoint(bytes: Uint8Array, ports: NikPorts): CheckpointVerification {
  const inspection = inspectNik(bytes);
  const kind = inspection.header?.fileKind ?? null;
  const base = {
    kind, encrypted: inspection.header?.encrypted ?? false, nodes: null, conditionNumberMax: null, energy: null, warnings: [],
    merkleRoot: inspection.footer === undefined ? null : bytesToHex(inspection.footer.merkleRoot),
    parent: inspection.footer === undefined || kind !== 'differential' ? null : bytesToHex(inspection.footer.parentRoot),
  };
  if (!inspection.valid) {
    const errors = inspection.errors.map(({ check, message, offsetBytes }) => ({ check, message, offsetBytes }));
    return { ...base, valid: false, errors };
  }
  let content;
  try {
    content = decodeHomeCheckpoint(readNik(bytes, ports));
  } catch (error) {
    // A key problem is the caller's to report; any other operating error is damage found by
    // decoding, which verify lists instead of throwing. Bugs (AssertionError) propagate.
    if (!(error instanceof NoctemError) || error.code === 'NIK_KEY_REQUIRED' || error.code === 'NIK_KEY_WRONG') throw error;
    const offsetBytes = error.details['offsetBytes'];
    return { ...base, valid: false, errors: [{ check: 'decode', message: error.message, ...(typeof offsetBytes === 'number' ? { offsetBytes } : {}) }] };
  }
  const checks = checkHomeCheckpoint(content);
  const errors = checks.issues.map(({ check, message, nodeId }) => ({ check, message, ...(nodeId === undefined ? {} : { nodeId }) }));
  return {
    ...base, valid: errors.length === 0, errors, warnings: checks.warnings, nodes: content.nodes.length,
    conditionNumberMax: checks.conditionNumberMax, energy: checks.energy,
  };
}
