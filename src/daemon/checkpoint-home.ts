/**
 * `noctem checkpoint`: writes a `.nik` checkpoint of the home's memory (docs/formats/nik.md
 * "Noctem home checkpoints"). The plan is read in one store transaction (a consistent view);
 * the file is written durably (temp file, fsync, exclusive link, folder fsync); only then, in
 * one more transaction, the checkpoint index, `meta` 'checkpoint.last' and the
 * `checkpoint.write` audit entry are committed together. A crash in between leaves a file
 * that no later differential names as its parent, and the next differential re-includes its
 * changes. An encrypted home writes encrypted checkpoints (persist/checkpoint-key.ts).
 */
import { join, relative, sep } from 'node:path';
import { NoctemError, bytesToHex, limits } from '../core/index.ts';
import {
  ZstdCodec,
  checkpointHomeOwnFields,
  commitHomeCheckpoint,
  deriveCheckpointKey,
  nikFooterBytes,
  nikFooterOffset,
  nikRootBytes,
  planHomeCheckpoint,
  writeNik,
  type CheckpointHomeSettings,
  type HomeCheckpointPlan,
} from '../persist/index.ts';
import type { HomeConfig } from '../store/index.ts';
import type { Noctem } from './compose.ts';
import { writeNewFileDurably } from './fs-checkpoint-files.ts';

/** Options of {@link writeHomeCheckpoint}. */
export interface HomeCheckpointOptions {
  /** Write a full snapshot even when a differential is possible. @default false */
  readonly full?: boolean;
  /** Absolute path of the file. @default a new name in the home's checkpoints/ folder */
  readonly out?: string;
  /** The passphrase of an encrypted home (its checkpoints are encrypted). @default undefined */
  readonly passphrase?: string;
}

/** What a checkpoint wrote (the `--json` output of `noctem checkpoint`). */
export interface HomeCheckpointResult {
  /** The file's absolute path. */
  readonly file: string;
  /** Nodes in the file. */
  readonly nodes: number;
  /** The file's size. */
  readonly bytes: number;
  /** Its Merkle root, 64 hex digits. */
  readonly merkleRoot: string;
  /** The parent's Merkle root for a differential, null for a full snapshot. */
  readonly parent: string | null;
  readonly kind: 'full' | 'differential';
  readonly encrypted: boolean;
}

/**
 * Writes and records a checkpoint of `noctem`'s memory.
 * @param noctem - the open home
 * @param options - full or differential, where, and the passphrase of an encrypted home
 * @throws {NoctemError} NIK_KEY_REQUIRED when the home is encrypted and no passphrase is given
 * @throws {NoctemError} FILE_EXISTS when `out` exists
 * @throws {NoctemError} CHECKPOINT_CONFLICT when another checkpoint was recorded meanwhile
 */
export async function writeHomeCheckpoint(noctem: Noctem, options: HomeCheckpointOptions = {}): Promise<HomeCheckpointResult> {
  const encrypted = noctem.config.encryption !== null;
  if (encrypted && (options.passphrase === undefined || options.passphrase === '')) {
    throw new NoctemError('NIK_KEY_REQUIRED', `The home at "${noctem.paths.root}" is encrypted: its checkpoints need the passphrase`);
  }
  const codec = await ZstdCodec.create();
  const home = checkpointHomeSettings(noctem.config);
  const plan = noctem.store.write((writer) => planHomeCheckpoint(writer, { full: options.full ?? false, nowMs: noctem.clock.nowMs(), home }));
  const key = encrypted ? deriveCheckpointKey(options.passphrase!, plan.header.lastSnapTimeMs) : undefined;
  const bytes = writeNik(
    { header: plan.header, pages: plan.pages, nodeCount: plan.nodeCount, ...(plan.parentRoot === undefined ? {} : { parentRoot: plan.parentRoot }) },
    { codec, ...(key === undefined ? {} : { key }) },
  );
  const merkleRoot = bytes.slice(bytes.length - nikFooterBytes + nikFooterOffset.merkleRoot, bytes.length - nikFooterBytes + nikFooterOffset.merkleRoot + nikRootBytes);
  const file = options.out ?? (await writeInCheckpoints(noctem, plan, bytes));
  if (options.out !== undefined) await writeNewFileDurably(options.out, bytes);
  const result: HomeCheckpointResult = {
    file, nodes: plan.nodeCount, bytes: bytes.length, merkleRoot: bytesToHex(merkleRoot),
    parent: plan.parentRoot === undefined ? null : bytesToHex(plan.parentRoot), kind: plan.header.fileKind, encrypted,
  };
  noctem.store.write((writer) => {
    commitHomeCheckpoint(writer, plan, { file: recordedPath(noctem.paths.root, file), merkleRoot });
    const { nodes, bytes: size, merkleRoot: root, parent, kind } = result;
    noctem.audit.appendInTransaction(writer, [{ actor: 'person', action: 'checkpoint.write', details: { file, kind, nodes, bytes: size, merkleRoot: root, parent } }]);
  });
  return result;
}

/**
 * The home settings a checkpoint carries: name, projection seed and every noctem.json section
 * that is not the home's own (format, version, creation time, encryption parameters).
 * @param config - the home's config
 */
export function checkpointHomeSettings(config: HomeConfig): CheckpointHomeSettings {
  const sections = Object.fromEntries(Object.entries(config).filter(([name]) => !checkpointHomeOwnFields.includes(name)));
  return { name: config.name, projectionSeed: config.projectionSeed, sections };
}

/** Writes into checkpoints/ under the first free name `<time>-<kind>[-n].nik`. */
async function writeInCheckpoints(noctem: Noctem, plan: HomeCheckpointPlan, bytes: Uint8Array): Promise<string> {
  const stamp = new Date(plan.header.creationTimeMs).toISOString().replace(/[-:]/g, '').replace('.', '');
  const kind = plan.header.fileKind === 'full' ? 'full' : 'diff';
  for (let attempt = 1; attempt <= limits.checkpointNameAttemptsMax; attempt++) {
    const path = join(noctem.paths.checkpoints, `${stamp}-${kind}${attempt === 1 ? '' : `-${attempt}`}.nik`);
    try {
      await writeNewFileDurably(path, bytes);
      return path;
    } catch (error) {
      // The name is taken (an earlier checkpoint in the same millisecond): try the next one.
      if (!(error instanceof NoctemError && error.code === 'FILE_EXISTS')) throw error;
    }
  }
  throw new NoctemError('FILE_EXISTS', `Cannot name the checkpoint: ${limits.checkpointNameAttemptsMax} names for ${stamp} are taken in "${noctem.paths.checkpoints}"`);
}

/** A path inside the home is recorded relative to it (the home can move); others as given. */
function recordedPath(root: string, file: string): string {
  const inside = relative(root, file);
  return inside.startsWith(`..${sep}`) || inside === '..' || inside.startsWith(sep) ? file : inside;
}
