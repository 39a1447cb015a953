/**
 * Goal: a checkpoint chain restores the memory exactly as it was at its last checkpoint, over
 * random histories; a differential holds only what changed (counted), names its parent by
 * Merkle root, and a chain given with a missing parent or in the wrong order is refused with
 * a clear code; a crash between writing a file and recording it only makes the next
 * differential larger.
 * Method: bare temporary LMDB stores (no identity: restore's new-home part is tested in
 * daemon/), documents written by the ingest layer's putDocument with seeded random
 * embeddings, feedback by the daemon's Hebbian plasticity (which rewrites node metrics and
 * edge records), and the checkpoint pipeline of test/helpers/checkpoint.ts. Stores are
 * compared through a canonical dump of every carried database.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Xoshiro256pp, type NoctemError, type NodeId } from '../core/index.ts';
import { applyFeedbackPlasticity } from '../daemon/feedback-plasticity.ts';
import { putDocument, removeDocument } from '../ingest/index.ts';
import { createProjection, decodeNodeRecord } from '../manifold/index.ts';
import { sourceIdOf } from '../recall/index.ts';
import { type HomeStore } from '../store/index.ts';
import { useTempStores } from '../../test/helpers/temp-stores.ts';
import { checkpointStore, memoryDump, randomDocument, replayBytes, restoreIntoStore, type StoreCheckpoint } from '../../test/helpers/checkpoint.ts';
import { checkpointGenerationKey } from './home-checkpoint-databases.ts';
import { verifyHomeCheckpoint } from './home-checkpoint-verify.ts';
import { ZstdCodec } from './zstd-codec.ts';

const projection = createProjection('c4ec'.repeat(16), 16);
const { newStore } = useTempStores('noctem-chain-');

function nodeIds(store: HomeStore): NodeId[] {
  return [...store.range('nodes')].map(({ value }) => decodeNodeRecord(value as Uint8Array).id);
}

/** One step of a random history. */
type Op =
  | { readonly kind: 'put'; readonly n: number }
  | { readonly kind: 'remove'; readonly n: number }
  | { readonly kind: 'feedback'; readonly pick: number }
  | { readonly kind: 'checkpoint'; readonly full: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('put' as const), n: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), n: fc.nat(7) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('feedback' as const), pick: fc.nat(1000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('checkpoint' as const), full: fc.boolean() }) },
);

describe('replayCheckpointChain()', () => {
  test('restores the memory of the last checkpoint over random histories of ingest, removal, feedback and checkpoints', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 2, maxLength: 14 }), fc.integer(), async (ops, seed) => {
        run++;
        const rng = Xoshiro256pp.fromSeed(seed);
        const store = newStore(`live-${run}`);
        const chain: StoreCheckpoint[] = [];
        let atCheckpoint = new Map<string, string>();
        let generation = 0;
        let nowMs = 1_000;
        for (const op of [...ops, { kind: 'checkpoint', full: false } as const]) {
          nowMs += 1000;
          if (op.kind === 'put') store.write((w) => putDocument(w, projection, randomDocument(rng, op.n, nowMs)));
          if (op.kind === 'remove') store.write((w) => removeDocument(w, sourceIdOf(`notes/${op.n}.txt`)));
          const ids = nodeIds(store);
          if (op.kind === 'feedback' && ids.length > 1) store.write((w) => applyFeedbackPlasticity(w, ids[op.pick % ids.length]!, { nowMs }));
          if (op.kind !== 'checkpoint') continue;
          const written = await checkpointStore(store, { full: op.full, nowMs });
          if (written.plan.header.fileKind === 'full') chain.length = 0;
          chain.push(written);
          atCheckpoint = memoryDump(store);
          generation = (store.get('meta', checkpointGenerationKey) as number | undefined) ?? 0;
        }
        const restored = newStore(`restored-${run}`);
        await restoreIntoStore(restored, chain.map((c) => c.bytes));
        expect({ seed, ops, dump: memoryDump(restored) }).toEqual({ seed, ops, dump: atCheckpoint });
        expect(restored.get('meta', checkpointGenerationKey)).toBe(generation + 1);
        const codec = await ZstdCodec.create();
        for (const file of chain) expect(verifyHomeCheckpoint(file.bytes, { codec }).errors).toEqual([]);
      }),
      { numRuns: 10, seed: 0x5eed_0005 },
    );
  }, 60_000);

  test('a differential holds exactly the changed nodes and names its parent by Merkle root', async () => {
    const rng = Xoshiro256pp.fromSeed(7);
    const store = newStore('live');
    store.write((w) => {
      for (let n = 0; n < 6; n++) putDocument(w, projection, randomDocument(rng, n, 1));
    });
    const full = await checkpointStore(store, { nowMs: 10_000 });
    const nodes = nodeIds(store);
    expect(full.plan.header.fileKind).toBe('full');
    expect(full.plan.nodeCount).toBe(nodes.length);
    const changed = store.write((w) => applyFeedbackPlasticity(w, nodes[0]!, { nowMs: 11_000 })).changed;
    expect(changed.length).toBeGreaterThan(1);
    const afterFeedback = await checkpointStore(store, { nowMs: 12_000 });
    expect(afterFeedback.plan.header.fileKind).toBe('differential');
    expect(afterFeedback.plan.nodeCount).toBe(changed.length);
    expect(afterFeedback.plan.manifest.memory.nodes).toBe(nodes.length);
    expect(Buffer.from(afterFeedback.plan.parentRoot!).toString('hex')).toBe(full.merkleRoot);
    const unchanged = await checkpointStore(store, { nowMs: 13_000 });
    expect(unchanged.plan.nodeCount).toBe(0);
    expect(unchanged.plan.manifest.file).toMatchObject({ nodes: 0, records: 0, deleted: 0 });
    expect(Buffer.from(unchanged.plan.parentRoot!).toString('hex')).toBe(afterFeedback.merkleRoot);
  });

  test('a differential after a removal lists the removed node and records as deletions', async () => {
    const rng = Xoshiro256pp.fromSeed(8);
    const store = newStore('live');
    store.write((w) => {
      for (let n = 0; n < 4; n++) putDocument(w, projection, randomDocument(rng, n, 1));
    });
    await checkpointStore(store, { nowMs: 10_000 });
    const before = nodeIds(store).length;
    const removed = store.write((w) => removeDocument(w, sourceIdOf('notes/2.txt')))!;
    const diff = await checkpointStore(store, { nowMs: 11_000 });
    expect(nodeIds(store).length).toBe(before - removed.chunkOrdinals.length);
    // Each removed chunk takes its node, chunk, vector, node index entry and edge record with it.
    expect(diff.plan.manifest.file.deleted).toBeGreaterThanOrEqual(removed.chunkOrdinals.length * 5);
  });

  test('refuses a chain with a missing parent (NIK_PARENT_MISSING) or in the wrong order (NIK_CHAIN_ORDER)', async () => {
    const rng = Xoshiro256pp.fromSeed(9);
    const store = newStore('live');
    const files: Uint8Array[] = [];
    for (let step = 0; step < 3; step++) {
      store.write((w) => putDocument(w, projection, randomDocument(rng, step, 1)));
      files.push((await checkpointStore(store, { nowMs: 10_000 + step })).bytes);
    }
    const [full, first, second] = files as [Uint8Array, Uint8Array, Uint8Array];
    const codeOf = (chain: Uint8Array[]): Promise<string> => replayBytes(chain).then(() => 'ok', (e: NoctemError) => e.code);
    expect(await codeOf([full, second])).toBe('NIK_PARENT_MISSING');
    expect(await codeOf([first])).toBe('NIK_PARENT_MISSING');
    expect(await codeOf([full, second, first])).toBe('NIK_CHAIN_ORDER');
    expect(await codeOf([first, full])).toBe('NIK_CHAIN_ORDER');
    expect(await codeOf([full, first, full])).toBe('NIK_CHAIN_ORDER');
    expect(await codeOf([full, first, first])).toBe('NIK_CHAIN_ORDER');
    expect(await codeOf([full, first, second])).toBe('ok');
  });

  test('a crash between writing a file and recording it leaves the next differential correct', async () => {
    const rng = Xoshiro256pp.fromSeed(10);
    const store = newStore('live');
    store.write((w) => putDocument(w, projection, randomDocument(rng, 0, 1)));
    const full = await checkpointStore(store, { nowMs: 10_000 });
    store.write((w) => putDocument(w, projection, randomDocument(rng, 1, 1)));
    const lost = await checkpointStore(store, { nowMs: 11_000, commit: false });
    store.write((w) => putDocument(w, projection, randomDocument(rng, 2, 1)));
    const next = await checkpointStore(store, { nowMs: 12_000 });
    expect(next.plan.parentRoot).toEqual(lost.plan.parentRoot);
    expect(next.plan.nodeCount).toBeGreaterThan(lost.plan.nodeCount);
    const restored = newStore('restored');
    await restoreIntoStore(restored, [full.bytes, next.bytes]);
    expect(memoryDump(restored)).toEqual(memoryDump(store));
  });
});
