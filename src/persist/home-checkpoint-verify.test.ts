/**
 * Goal: `verifyHomeCheckpoint` accepts a sound checkpoint and lists, without throwing, every
 * kind of damage: a flipped byte anywhere (container checks), a page that decodes to nonsense,
 * a metric that is not SPD, an energy checksum that does not add up, and a node off the torus
 * or under the wrong Hilbert key (GAP-014); an encrypted file needs its key.
 * Method: real checkpoints of a bare temporary LMDB store holding seeded random documents;
 * bad files are built through the real writer from altered stores or altered pages.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NoctemError, Xoshiro256pp, bytesToHex } from '../core/index.ts';
import { putDocument } from '../ingest/index.ts';
import { createProjection, decodeNodeRecord, encodeNodeRecord, metricIndex, type NodeRecord } from '../manifold/index.ts';
import { openLmdbHomeStore, type HomeStore } from '../store/index.ts';
import { checkpointStore, randomDocument, type StoreCheckpoint } from '../../test/helpers/checkpoint.ts';
import { deriveCheckpointKey } from './checkpoint-key.ts';
import { metricConditionNumber, torusWindingProblems } from './home-checkpoint-checks.ts';
import { checkpointManifestPageKind, decodeCheckpointManifest, encodeCheckpointManifest } from './home-checkpoint-manifest.ts';
import { nodePageId } from './home-checkpoint-node-page.ts';
import { replayCheckpointChain } from './home-checkpoint-chain.ts';
import { decodeHomeCheckpoint } from './home-checkpoint-content.ts';
import { nikPageKind } from './nik-layout.ts';
import { readNik } from './nik-reader.ts';
import { writeNik, type NikPageInput } from './nik-writer.ts';
import { verifyHomeCheckpoint } from './home-checkpoint-verify.ts';
import { ZstdCodec } from './zstd-codec.ts';

const projection = createProjection('7e57'.repeat(16), 16);
let dir: string;
let codec: ZstdCodec;
let sound: StoreCheckpoint;

async function withStore<T>(name: string, fn: (store: HomeStore) => Promise<T>): Promise<T> {
  const store = openLmdbHomeStore(join(dir, name));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** A full checkpoint of `documents` random documents, after `alter` changed the first node. */
function checkpointOf(name: string, documents: number, alter?: (node: NodeRecord) => NodeRecord): Promise<StoreCheckpoint> {
  return withStore(name, async (store) => {
    const rng = Xoshiro256pp.fromSeed(documents);
    store.write((w) => {
      for (let n = 0; n < documents; n++) putDocument(w, projection, randomDocument(rng, n, 1));
    });
    if (alter !== undefined) {
      const [first] = store.range('nodes', { limit: 1 });
      store.write((w) => w.put('nodes', first!.key, encodeNodeRecord(alter(decodeNodeRecord(first!.value as Uint8Array)))));
    }
    return checkpointStore(store, { nowMs: 5000 });
  });
}

/** The file of `checkpoint` with its pages replaced by `edit`'s. */
function rewritten(checkpoint: StoreCheckpoint, edit: (pages: NikPageInput[]) => NikPageInput[]): Uint8Array {
  const { plan } = checkpoint;
  return writeNik({ header: plan.header, pages: edit([...plan.pages]), nodeCount: plan.nodeCount }, { codec });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-verify-'));
  codec = await ZstdCodec.create();
  sound = await checkpointOf('sound', 12);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('verifyHomeCheckpoint()', () => {
  test('accepts a sound checkpoint and reports its nodes, condition number and energy', () => {
    const result = verifyHomeCheckpoint(sound.bytes, { codec });
    expect(result).toMatchObject({ valid: true, errors: [], warnings: [], kind: 'full', encrypted: false, merkleRoot: sound.merkleRoot, parent: null });
    expect(result.nodes).toBe(sound.plan.nodeCount);
    expect(result.conditionNumberMax).toBe(1);
    expect(result.energy).toBe(sound.plan.manifest.file.energy);
  });

  test('lists errors for a byte flipped in the header, a page or the footer', () => {
    for (const at of [0, 5, 30, 64 + 3, 64 + 30, Math.floor(sound.bytes.length / 2), sound.bytes.length - 100, sound.bytes.length - 1]) {
      const flipped = sound.bytes.slice();
      flipped[at]! ^= 0x10;
      const result = verifyHomeCheckpoint(flipped, { codec });
      expect({ at, valid: result.valid }).toEqual({ at, valid: false });
      expect(result.errors.length).toBeGreaterThan(0);
    }
  });

  test('names a metric that is not SPD', async () => {
    const bad = await checkpointOf('not-spd', 4, (node) => {
      const metric = node.metric.slice();
      metric[metricIndex(3, 3)] = -0.5;
      return { ...node, metric };
    });
    const result = verifyHomeCheckpoint(bad.bytes, { codec });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([expect.objectContaining({ check: 'spd', message: expect.stringMatching(/not symmetric positive-definite/) })]);
  });

  test('warns about a poorly conditioned metric and reports its condition number', async () => {
    const skewed = await checkpointOf('skewed', 4, (node) => {
      const metric = node.metric.slice();
      metric[metricIndex(0, 0)] = 1e-7;
      return { ...node, metric };
    });
    const result = verifyHomeCheckpoint(skewed.bytes, { codec });
    expect(result.valid).toBe(true);
    expect(result.warnings).toHaveLength(1);
    expect(result.conditionNumberMax).toBeCloseTo(1e7, -3);
  });

  test('finds an energy checksum that does not match the nodes', () => {
    const bytes = rewritten(sound, (pages) => pages.map((page) => {
      if (page.kind !== checkpointManifestPageKind) return page;
      const manifest = decodeCheckpointManifest(page.payload);
      const energy = manifest.file.energy * (1 + 1e-12);
      return { ...page, payload: encodeCheckpointManifest({ ...manifest, file: { ...manifest.file, energy }, memory: { ...manifest.memory, energy } }) };
    }));
    const result = verifyHomeCheckpoint(bytes, { codec });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([expect.objectContaining({ check: 'energy' })]);
  });

  test('finds a node off the torus and a node under the wrong Hilbert key', async () => {
    const single = await checkpointOf('single', 1);
    const nodePage = (edit: (payload: Uint8Array, idBytes: number) => bigint): Uint8Array => rewritten(single, (pages) => pages.map((page) => {
      if (page.kind !== nikPageKind.nodes) return page;
      const payload = page.payload.slice();
      // u32 count · u32 column bytes · the NRLE nonary column, then the first entry.
      const entry = 8 + new DataView(payload.buffer).getUint32(4, true);
      const id = edit(payload.subarray(entry), payload[entry]!);
      return { ...page, id, payload };
    }));
    const offTorus = nodePage((payload, idBytes) => {
      payload.set([0xff, 0xff], 1 + idBytes + 12);
      return single.plan.pages[0]!.id;
    });
    expect(verifyHomeCheckpoint(offTorus, { codec }).errors).toEqual([expect.objectContaining({ check: 'topology', message: expect.stringMatching(/off the torus/) })]);
    const wrongKey = nodePage((payload, idBytes) => {
      payload[1 + idBytes + 11]! ^= 0x01;
      return nodePageId(payload.subarray(1 + idBytes, 1 + idBytes + 12), -1n);
    });
    expect(verifyHomeCheckpoint(wrongKey, { codec }).errors).toEqual([expect.objectContaining({ check: 'topology', message: expect.stringMatching(/Hilbert key/) })]);
  });

  test('reports a page that does not decode as a decode error', () => {
    const bytes = rewritten(sound, (pages) => [
      ...pages.filter((page) => page.kind !== nikPageKind.storeRecords),
      { id: 0n, kind: nikPageKind.storeRecords, payload: Uint8Array.of(1, 0, 0, 0, 0x63, 0x01, 0x01) },
    ]);
    const result = verifyHomeCheckpoint(bytes, { codec });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([expect.objectContaining({ check: 'decode', message: expect.stringMatching(/database code 99/) })]);
  });

  test('returns a verdict, never an exception, for seeded mutations of page payloads; replaying them fails only with a NoctemError', () => {
    const rng = Xoshiro256pp.fromSeed(0xf022_0005);
    const pick = (n: number): number => Math.floor(rng.nextFloat64() * n);
    const outcomes = { valid: 0, invalid: 0, replayed: 0, refused: 0 };
    for (let trial = 0; trial < 120; trial++) {
      const bytes = rewritten(sound, (pages) => {
        const at = pick(pages.length);
        let payload = pages[at]!.payload.slice();
        if (trial % 5 === 0) payload = payload.subarray(0, pick(payload.length));
        else for (let k = 0; k <= pick(3); k++) payload[pick(payload.length)] = pick(256);
        return pages.map((page, i) => (i === at ? { ...page, payload } : page));
      });
      const verdict = verifyHomeCheckpoint(bytes, { codec });
      outcomes[verdict.valid ? 'valid' : 'invalid']++;
      try {
        replayCheckpointChain([{ name: `trial-${trial}`, content: decodeHomeCheckpoint(readNik(bytes, { codec })) }]);
        outcomes.replayed++;
      } catch (error) {
        expect({ trial, error }).toEqual({ trial, error: expect.any(NoctemError) });
        outcomes.refused++;
      }
    }
    expect(outcomes.invalid).toBeGreaterThan(80);
  });

  test('needs the key of an encrypted file: none is NIK_KEY_REQUIRED, another NIK_KEY_WRONG', async () => {
    const key = new Uint8Array(32).fill(7);
    const encrypted = await withStore('encrypted', async (store) => {
      store.write((w) => putDocument(w, projection, randomDocument(Xoshiro256pp.fromSeed(3), 0, 1)));
      return checkpointStore(store, { nowMs: 5000, key });
    });
    const codeOf = (k?: Uint8Array): string => {
      try {
        return String(verifyHomeCheckpoint(encrypted.bytes, { codec, ...(k === undefined ? {} : { key: k }) }).valid);
      } catch (error) {
        return (error as NoctemError).code;
      }
    };
    expect(codeOf()).toBe('NIK_KEY_REQUIRED');
    expect(codeOf(new Uint8Array(32).fill(8))).toBe('NIK_KEY_WRONG');
    expect(codeOf(key)).toBe('true');
  });
});

describe('GAP-014 helpers', () => {
  test('metricConditionNumber() is λmax/λmin for a diagonal metric and undefined when not SPD', () => {
    const metric = new Float32Array(45);
    for (let i = 0; i < 9; i++) metric[metricIndex(i, i)] = i + 1;
    expect(metricConditionNumber(metric)).toBeCloseTo(9, 10);
    metric[metricIndex(0, 1)] = 10;
    expect(metricConditionNumber(metric)).toBeUndefined();
    expect(metricConditionNumber(new Float32Array(45))).toBeUndefined();
  });

  test('torusWindingProblems() finds none for the torus wrap from any start', () => {
    expect(torusWindingProblems(new Uint16Array(9))).toEqual([]);
    expect(torusWindingProblems(Uint16Array.from([16383, 1, 8191, 8192, 3, 4, 5, 6, 7]))).toEqual([]);
  });

  test('deriveCheckpointKey() is fixed by passphrase and snapshot time (a known answer)', () => {
    const key = deriveCheckpointKey('correct horse', 1_767_225_600_000);
    expect(bytesToHex(key)).toBe(bytesToHex(deriveCheckpointKey('correct horse', 1_767_225_600_000)));
    expect(bytesToHex(deriveCheckpointKey('correct horse', 1_767_225_600_001))).not.toBe(bytesToHex(key));
    // Python's hashlib.scrypt(b'correct horse', salt=b'noctem/checkpoint-key/0.4' + u64le(time), n=2**17, r=8, p=1, dklen=32) agrees.
    expect(bytesToHex(key)).toBe('014b30678e24441c8f2f2139e6f1a61e4a2bc4900e4d712bf817e76aab348214');
  });
});
