/**
 * The manifest of a home checkpoint (page kind 3, id 0; docs/formats/nik.md "Manifest"): UTF-8
 * JSON naming the home's settings a restore needs (name, projection seed and the memory
 * sections of noctem.json, so a restored home projects and ranks exactly as the original) and
 * the counts and energy checksums: of the nodes and records in this file, and of the whole
 * memory once the chain up to this file is applied.
 *
 * Node energy (spec §6.1.6 "Energy Conservation Checksum"): E = ½|v|² + |ψ|², summed exactly
 * and rounded once (exact-sum.ts, Python's `math.fsum`), so the checksum depends only on the
 * set of nodes: a reader that sums the same nodes in any order gets the same double, and a
 * differential can carry the whole memory's checksum forward from its parent's by adding the
 * new energies and subtracting the old ones.
 */
import { NoctemError } from '../core/index.ts';
import type { Complex } from '../manifold/index.ts';
import { exactSumAdd, exactSumValue } from './exact-sum.ts';

/** The page kind of the manifest (kinds 0 to 2 are `nikPageKind`'s). */
export const checkpointManifestPageKind = 3;

/** Counts and energy of a set of nodes and records. */
export interface CheckpointTally {
  /** Nodes. */
  readonly nodes: number;
  /** Store records (every carried database but `nodes`). */
  readonly records: number;
  /** Σ node energy, correctly rounded (exact-sum.ts). */
  readonly energy: number;
}

/** The manifest. */
export interface CheckpointManifest {
  readonly format: 'noctem-home-checkpoint';
  /** Manifest version: 1. */
  readonly version: 1;
  readonly kind: 'full' | 'differential';
  /** The home's settings a restore writes into the new noctem.json. */
  readonly home: CheckpointHomeSettings;
  /** What this file holds; `deleted` counts its deletion entries. */
  readonly file: CheckpointTally & { readonly deleted: number };
  /** The whole memory after applying the chain up to and including this file. */
  readonly memory: CheckpointTally;
}

/** Settings of the home carried by a checkpoint. */
export interface CheckpointHomeSettings {
  readonly name: string;
  /** 64 hex digits: the JL projection seed (D1). */
  readonly projectionSeed: string;
  /** The other noctem.json sections (embedder, recall, ingest, llm, …), as they were. */
  readonly sections: Readonly<Record<string, unknown>>;
}

/** noctem.json fields that a checkpoint never carries: they belong to the new home. */
export const checkpointHomeOwnFields: readonly string[] = Object.freeze(['format', 'version', 'name', 'createdAt', 'projectionSeed', 'encryption']);

/**
 * The energy of one node: ½|v|² + |ψ|² (spec §6.1.6).
 * @param node - ψ and v
 */
export function nodeEnergy(node: { readonly psi: Complex; readonly v: Complex }): number {
  return 0.5 * (node.v.re * node.v.re + node.v.im * node.v.im) + (node.psi.re * node.psi.re + node.psi.im * node.psi.im);
}

/**
 * Σ node energy over `nodes`, exactly and rounded once: the same double in any order.
 * @param nodes - ψ and v of each node
 */
export function totalEnergy(nodes: Iterable<{ readonly psi: Complex; readonly v: Complex }>): number {
  const partials: number[] = [];
  for (const node of nodes) exactSumAdd(partials, nodeEnergy(node));
  return exactSumValue(partials);
}

/**
 * The manifest's bytes.
 * @param manifest - the manifest
 */
export function encodeCheckpointManifest(manifest: CheckpointManifest): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(manifest));
}

/**
 * Parses and checks a manifest.
 * @param payload - the manifest page's payload, untrusted
 * @throws {NoctemError} FORMAT_CORRUPT when it is not the JSON described above
 */
export function decodeCheckpointManifest(payload: Uint8Array): CheckpointManifest {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch (cause) {
    throw corrupt('it is not UTF-8 JSON', cause);
  }
  const m = value as Partial<Record<keyof CheckpointManifest, unknown>>;
  if (typeof m !== 'object' || m === null || m.format !== 'noctem-home-checkpoint') throw corrupt('it is not a Noctem home checkpoint manifest');
  if (m.version !== 1) throw corrupt(`it has version ${String(m.version)}, this build reads 1`);
  if (m.kind !== 'full' && m.kind !== 'differential') throw corrupt('"kind" must be "full" or "differential"');
  checkHome(m.home);
  checkTally(m.file, 'file', true);
  checkTally(m.memory, 'memory', false);
  return value as CheckpointManifest;
}

function checkHome(home: unknown): void {
  const h = home as Partial<Record<keyof CheckpointHomeSettings, unknown>> | null;
  if (typeof h !== 'object' || h === null || typeof h.name !== 'string') throw corrupt('"home.name" must be a string');
  if (typeof h.projectionSeed !== 'string' || !/^[0-9a-f]{64}$/.test(h.projectionSeed)) throw corrupt('"home.projectionSeed" must be 64 hex digits');
  const sections = h.sections;
  if (typeof sections !== 'object' || sections === null || Array.isArray(sections)) throw corrupt('"home.sections" must be an object');
  const own = Object.keys(sections).find((name) => checkpointHomeOwnFields.includes(name));
  if (own !== undefined) throw corrupt(`"home.sections" must not set "${own}"`);
}

function checkTally(tally: unknown, name: string, withDeleted: boolean): void {
  const t = tally as Record<string, unknown> | null;
  if (typeof t !== 'object' || t === null) throw corrupt(`"${name}" must be an object`);
  for (const field of withDeleted ? ['nodes', 'records', 'deleted'] : ['nodes', 'records']) {
    const count = t[field];
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) throw corrupt(`"${name}.${field}" must be an integer ≥ 0`);
  }
  const energy = t['energy'];
  if (typeof energy !== 'number' || !Number.isFinite(energy) || energy < 0) throw corrupt(`"${name}.energy" must be a finite number ≥ 0`);
}

function corrupt(reason: string, cause?: unknown): NoctemError {
  return new NoctemError('FORMAT_CORRUPT', `Cannot read a checkpoint manifest: ${reason}`, cause === undefined ? {} : { cause });
}
