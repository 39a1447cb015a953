/**
 * `npm run bench -- identity`: the identity and audit figures of issue 2, each beside its
 * target and a peer measured in the same process:
 * - hybrid (Ed25519 + SLH-DSA-SHA2-128f) sign and verify latency, median of repeated runs,
 *   with Ed25519 alone beside it (the spec's hot path: ~50 µs; SPHINCS+ verify ~10-50 ms),
 *   ours (@noble/curves, pure JS) beside node:crypto's native Ed25519 (OpenSSL) as the peer;
 * - audit append throughput in batches of 1000 entries on a real temp home (hash chain,
 *   Ed25519 tree heads, LMDB commits), target >= 20,000 entries/s, beside raw LMDB puts of
 *   the same records (no hashing, no signing);
 * - `audit verify` of 100,000 entries, target < 2 s.
 * A/B runs are interleaved and every signature is consumed, so nothing is optimized away.
 */
import { generateKeyPairSync, randomBytes, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNoctem } from '../src/daemon/index.ts';
import { generateHybridKeyPair, signEd25519, signHybrid, verifyEd25519, verifyHybrid } from '../src/identity/index.ts';
import { openLmdbHomeStore } from '../src/store/index.ts';
import { median, quantile, row, type Benchmark } from './benchmark.ts';

const signRuns = 9;
const ed25519Runs = 500;
const batches = 100;
const batchEntries = 1000;
const verifyRuns = 3;
const targets = { appendEntriesPerSec: 20_000, verify100kMs: 2000, ed25519VerifyUs: 50, slhDsaVerifyMsMax: 50 } as const;
const widths = [40, 14, 14, 14];

/** The benchmark. */
export const benchmark: Benchmark = {
  async run({ log }) {
    const signatures = measureSignatures();
    const dir = await mkdtemp(join(tmpdir(), 'noctem-bench-identity-'));
    try {
      const append = await measureAppend(join(dir, 'home'));
      const raw = await measureRawPuts(join(dir, 'raw'));
      log(row(['figure', 'ours', 'target', 'peer'], widths));
      log(row(['hybrid sign, median ms', signatures.hybridSignMs, '-', '-'], widths));
      log(row(['hybrid verify, median ms', signatures.hybridVerifyMs, `<= ${targets.slhDsaVerifyMsMax}`, '-'], widths));
      log(row(['Ed25519 sign, median µs (peer: native)', signatures.ed25519SignUs, '-', signatures.nodeEd25519SignUs], widths));
      log(row(['Ed25519 verify, median µs (peer: native)', signatures.ed25519VerifyUs, `~${targets.ed25519VerifyUs}`, signatures.nodeEd25519VerifyUs], widths));
      log(row(['audit append, entries/s (peer: raw LMDB)', append.entriesPerSec, `>= ${targets.appendEntriesPerSec}`, raw.entriesPerSec], widths));
      log(row(['audit append, batch p50 / p99 ms', `${append.batchP50Ms.toFixed(1)} / ${append.batchP99Ms.toFixed(1)}`, '-', '-'], widths));
      log(row(['seal (hybrid tree head), ms', append.sealMs, '-', '-'], widths));
      log(row([`audit verify ${append.entries} entries, ms`, append.verifyMs, `< ${targets.verify100kMs}`, '-'], widths));
      log(`append with a hybrid head per 1000-entry batch would cap at ${Math.round((1000 * batchEntries) / signatures.hybridSignMs)} entries/s`);
      return {
        ...signatures,
        appendEntriesPerSec: append.entriesPerSec,
        appendBatchP50Ms: append.batchP50Ms,
        appendBatchP99Ms: append.batchP99Ms,
        rawLmdbEntriesPerSec: raw.entriesPerSec,
        appendVsRawRatio: append.entriesPerSec / raw.entriesPerSec,
        sealMs: append.sealMs,
        verifyEntries: append.entries,
        verifyMs: append.verifyMs,
        targets,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

type SignatureFigures = Record<'hybridSignMs' | 'hybridVerifyMs' | 'ed25519SignUs' | 'ed25519VerifyUs' | 'nodeEd25519SignUs' | 'nodeEd25519VerifyUs', number>;

/** Sign and verify latencies; hybrid, Ed25519 and native Ed25519 runs interleaved. */
function measureSignatures(): SignatureFigures {
  const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
  const { keyPair } = generateHybridKeyPair(random);
  const native = generateKeyPairSync('ed25519');
  const message = random(256);
  const samples = { hybridSign: [] as number[], hybridVerify: [] as number[], edSign: [] as number[], edVerify: [] as number[], nodeSign: [] as number[], nodeVerify: [] as number[] };
  let consumed = 0;
  const time = (into: number[], fn: () => void): void => {
    const t = performance.now();
    fn();
    into.push(performance.now() - t);
  };
  for (let run = 0; run < signRuns; run += 1) {
    let hybrid = signHybrid(message, keyPair.secretKey, { randomBytes: random });
    time(samples.hybridSign, () => void (hybrid = signHybrid(message, keyPair.secretKey, { randomBytes: random })));
    time(samples.hybridVerify, () => void (consumed += verifyHybrid(message, hybrid, keyPair.publicKey).valid ? 1 : 0));
    for (let i = 0; i < ed25519Runs / signRuns; i += 1) {
      let ed: Uint8Array = new Uint8Array(0);
      let nodeSignature = Buffer.alloc(0);
      time(samples.edSign, () => void (ed = signEd25519(message, keyPair.secretKey.ed25519)));
      time(samples.edVerify, () => void (consumed += verifyEd25519(message, ed, keyPair.publicKey.ed25519) ? 1 : 0));
      time(samples.nodeSign, () => void (nodeSignature = nodeSign(null, message, native.privateKey)));
      time(samples.nodeVerify, () => void (consumed += nodeVerify(null, message, native.publicKey, nodeSignature) ? 1 : 0));
    }
  }
  if (consumed === 0) throw new Error('no signature verified');
  return {
    hybridSignMs: median(samples.hybridSign),
    hybridVerifyMs: median(samples.hybridVerify),
    ed25519SignUs: median(samples.edSign) * 1000,
    ed25519VerifyUs: median(samples.edVerify) * 1000,
    nodeEd25519SignUs: median(samples.nodeSign) * 1000,
    nodeEd25519VerifyUs: median(samples.nodeVerify) * 1000,
  };
}

function records(batch: number): { actor: string; action: string; details: Record<string, unknown> }[] {
  return Array.from({ length: batchEntries }, (_, i) => ({ actor: 'bench', action: 'bench.event', details: { batch, i, note: 'a typical small audit record' } }));
}

/** Appends `batches` batches to a real home, seals, then verifies the whole log. */
async function measureAppend(root: string): Promise<{ entriesPerSec: number; batchP50Ms: number; batchP99Ms: number; sealMs: number; entries: number; verifyMs: number }> {
  const noctem = await createNoctem(root, { name: 'Bench' });
  try {
    const batchMs: number[] = [];
    for (let batch = 0; batch < batches; batch += 1) {
      const input = records(batch);
      const t = performance.now();
      noctem.audit.append(...input);
      batchMs.push(performance.now() - t);
    }
    const totalSeconds = batchMs.reduce((a, b) => a + b, 0) / 1000;
    let t = performance.now();
    noctem.audit.seal();
    const sealMs = performance.now() - t;
    const verifyMs: number[] = [];
    let entries = 0;
    for (let run = 0; run < verifyRuns; run += 1) {
      t = performance.now();
      const verification = noctem.audit.verify();
      verifyMs.push(performance.now() - t);
      if (!verification.valid) throw new Error(`the benchmark log does not verify: ${verification.error?.reason}`);
      entries = verification.entries;
    }
    return {
      entriesPerSec: (batches * batchEntries) / totalSeconds,
      batchP50Ms: quantile(batchMs, 0.5),
      batchP99Ms: quantile(batchMs, 0.99),
      sealMs,
      entries,
      verifyMs: median(verifyMs),
    };
  } finally {
    await noctem.close();
  }
}

/** The peer: the same records put into LMDB in the same batches, with no hashing or signing. */
async function measureRawPuts(path: string): Promise<{ entriesPerSec: number }> {
  const store = openLmdbHomeStore(path);
  try {
    let seq = 0;
    let totalMs = 0;
    for (let batch = 0; batch < batches; batch += 1) {
      const input = records(batch);
      const t = performance.now();
      store.write((writer) => {
        for (const record of input) {
          writer.put('audit', seq, { seq, timeMs: 0, ...record, detailsJson: JSON.stringify(record.details) });
          seq += 1;
        }
      });
      totalMs += performance.now() - t;
    }
    return { entriesPerSec: (batches * batchEntries) / (totalMs / 1000) };
  } finally {
    await store.close();
  }
}
