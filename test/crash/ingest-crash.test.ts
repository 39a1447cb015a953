/**
 * Goal: a SIGKILL at any moment of an ingest run leaves a home that opens and is
 * consistent (DESIGN.md "Nothing lost"; issue 3 "Crash test"): no partial document is
 * visible (every stored source has all its chunks, each with its vector, postings and
 * node; no chunk, vector, posting or node without its owner), no chunk mixes two versions
 * of a file, the audit log verifies, and re-running the ingest completes the work: the
 * memory then equals a clean run's.
 * Method: a folder of ~40 generated text files; every sentence of file i at version v
 * carries the marker `mark{i}v{v}`, so each stored chunk names the version it came from.
 * Each trial rewrites a seeded handful of files (and now and then adds one), spawns
 * test/crash/ingest-child.ts on the same home, waits a delay drawn from a seeded
 * xoshiro256++ after the child has loaded (or opened the memory), and SIGKILLs it; then
 * it reopens the home in-process and checks the invariants. Kills accumulate on one home, so later runs
 * replace documents that earlier killed runs left at older versions. After the trials a
 * final uninterrupted ingest must complete, and the home must hold the same chunks and
 * terms as a clean home that ingested the final folder once. The seed and trial are part
 * of every assertion, so a failure names its replay.
 * The change journal: the home gets a full checkpoint before the first trial (which turns its
 * journal on) and a differential after every kill. Replaying the chain must give exactly the
 * home's memory each time, so no write a killed child committed escaped the journal (the store
 * journals in the writing transaction, so a kill cannot separate a change from its entry).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Xoshiro256pp } from '../../src/core/index.ts';
import { openNoctem, writeHomeCheckpoint, type Noctem } from '../../src/daemon/index.ts';
import { readCorpusStats, type ChunkRecord, type SourceRecord } from '../../src/recall/index.ts';
import { openLmdbHomeStore, type HomeStore } from '../../src/store/index.ts';
import { memoryDump, restoreIntoStore } from '../helpers/checkpoint.ts';
import { cli } from '../helpers/cli.ts';
import { copyHome, initHome } from '../helpers/home.ts';
import { memoryProblems } from '../helpers/memory-invariants.ts';

const root = resolve(import.meta.dirname, '../..');
const cacheDir = join(tmpdir(), 'noctem-test-cache');
const seed = 0x1e57_0003;
const trials = 20;
const filesInitial = 40;
/**
 * Every fourth kill comes a delay uniform in [0, openDelayMsMax) after the child loaded
 * (landing in open, the embedder load or the ingest); the others come a delay uniform in
 * [0, ingestDelayMsMax) after the memory opened (landing in extraction, the document
 * writes, the audit seal or the close).
 */
const openDelayMsMax = 2000;
const ingestDelayMsMax = 2500;

const vocabulary = (
  'river stone garden winter summer light shadow engine paper window market harbor bridge forest silver ' +
  'copper lantern meadow orchard valley canyon glacier thunder harvest compass anchor beacon cellar chimney ' +
  'falcon heron otter badger maple willow cedar birch thistle clover saffron pepper ginger barley millet ' +
  'violin cello trumpet drum flute ledger archive parcel ticket signal circuit piston boiler turbine rudder'
).split(' ');

let dir: string;
let folder: string;
let home: string;
let cleanHome: string;
const rng = Xoshiro256pp.fromSeed(seed);
/** The current version of each file, by index. */
const versions: number[] = [];
/** Every content ever written, by SHA-256: which file and version it was. */
const written = new Map<string, { file: number; version: number }>();
/** The home's checkpoint chain: a full snapshot before the trials, then a differential after each kill. */
const chain: Uint8Array[] = [];
/** A bare store the chain is replayed into. */
let replayed: HomeStore;

function pick(n: number): number {
  return Math.floor(rng.nextFloat64() * n);
}

/** File `file` at `version`: 4 to 60 sentences, each carrying the version's marker. */
function contentOf(file: number, version: number): string {
  const marker = `mark${file}v${version}`;
  const sentences = Array.from({ length: 4 + pick(57) }, () => {
    const words = Array.from({ length: 8 + pick(8) }, () => vocabulary[pick(vocabulary.length)]);
    return `${marker} ${words.join(' ')}.`;
  });
  return `Notebook ${file}\n\n${sentences.join(' ')}\n`;
}

async function writeVersion(file: number, version: number): Promise<void> {
  const text = contentOf(file, version);
  versions[file] = version;
  written.set(createHash('sha256').update(text).digest('hex'), { file, version });
  await writeFile(join(folder, `note-${String(file).padStart(2, '0')}.txt`), text);
}

/** Between trials: rewrite a few files, and every fourth trial add one. */
async function mutate(trial: number): Promise<void> {
  for (let n = 0; n < 10; n += 1) {
    const file = pick(versions.length);
    await writeVersion(file, (versions[file] ?? 0) + 1);
  }
  if (trial % 4 === 3) await writeVersion(versions.length, 0);
}

interface ChildRun {
  /** The last stage the child reported before it died or exited. */
  readonly stage: string;
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs the child on `home`, SIGKILLs it `delayMs` after it printed `mark` (unless it exits first). */
function runChild(mark: 'started' | 'ingesting', delayMs: number): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'crash', 'ingest-child.ts'), home, folder], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: dir, NOCTEM_CACHE_DIR: cacheDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (timer === undefined && stdout.includes(`${mark}\n`)) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
  });
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  return new Promise((done) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stages = stdout.split('\n').filter((line) => line !== '');
      done({ stage: stages.at(-1)?.split(' ')[0] ?? 'spawned', signal, code, stderr });
    });
  });
}

/** What must hold after every kill; returns the problems (empty when consistent). */
async function problemsIn(target: string): Promise<string[]> {
  const noctem = await openNoctem(target);
  try {
    const problems = memoryProblems(noctem.store);
    for (const { value } of noctem.store.range('sources')) {
      const source = value as SourceRecord;
      const origin = written.get(source.contentHash);
      if (origin === undefined) {
        problems.push(`${source.path} has content that was never written`);
        continue;
      }
      const marker = new RegExp(`mark${origin.file}v(\\d+)`, 'g');
      for (const ordinal of source.chunkOrdinals) {
        const text = (noctem.store.get('chunks', ordinal) as ChunkRecord | undefined)?.text ?? '';
        const seen = new Set([...text.matchAll(marker)].map((m) => Number(m[1])));
        if (seen.size !== 1 || !seen.has(origin.version)) problems.push(`chunk ${ordinal} of ${source.path} (v${origin.version}) holds versions ${[...seen].join(',')}`);
      }
    }
    const audit = noctem.audit.verify();
    if (!audit.valid) problems.push(`audit log invalid: ${JSON.stringify(audit.error)}`);
    problems.push(...(await journalProblems(noctem)));
    return problems;
  } finally {
    await noctem.close();
  }
}

/** Writes a differential and replays the chain: any key where it disagrees with the home escaped the journal. */
async function journalProblems(noctem: Noctem): Promise<string[]> {
  const checkpoint = await writeHomeCheckpoint(noctem);
  chain.push(await readFile(checkpoint.file));
  await restoreIntoStore(replayed, chain);
  const [home, replay] = [memoryDump(noctem.store), memoryDump(replayed)];
  const keys = new Set([...home.keys(), ...replay.keys()]);
  const differ = [...keys].filter((key) => home.get(key) !== replay.get(key));
  return differ.length === 0 ? [] : [`${checkpoint.kind} checkpoint: the chain differs from the home at ${differ.length} keys, e.g. ${differ.slice(0, 3).join(', ')}`];
}

async function ingestToEnd(target: string): Promise<{ files: Record<string, number>; failures: unknown[] }> {
  const result = await cli(['ingest', folder, '--home', target, '--json'], { env: { NOCTEM_CACHE_DIR: cacheDir } });
  expect({ seed, code: result.code, stderr: result.stderr }).toEqual({ seed, code: 0, stderr: '' });
  return result.json();
}

async function memoryOf(target: string): Promise<{ sources: Record<string, string>; chunks: number; corpus: unknown }> {
  const noctem = await openNoctem(target);
  try {
    const sources = Object.fromEntries([...noctem.store.range('sources')].map((e) => [(e.value as SourceRecord).path, (e.value as SourceRecord).contentHash]));
    return { sources, chunks: noctem.store.count('chunks'), corpus: readCorpusStats(noctem.store) };
  } finally {
    await noctem.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-ingest-crash-'));
  folder = join(dir, 'notes');
  await mkdir(folder);
  for (let file = 0; file < filesInitial; file += 1) await writeVersion(file, 0);
  home = await initHome(join(dir, 'home'));
  cleanHome = await copyHome(home, join(dir, 'clean-home'));
  replayed = openLmdbHomeStore(join(dir, 'replayed'));
  const noctem = await openNoctem(home);
  try {
    const full = await writeHomeCheckpoint(noctem);
    chain.push(await readFile(full.file));
  } finally {
    await noctem.close();
  }
}, 60_000);

afterAll(async () => {
  await replayed?.close();
  await rm(dir, { recursive: true, force: true });
});

test('ingest killed at random moments leaves whole documents, a valid audit log, and completes on re-run', async () => {
  const stages: string[] = [];
  for (let trial = 0; trial < trials; trial += 1) {
    if (trial > 0) await mutate(trial);
    const mark = trial % 4 === 0 ? 'started' : 'ingesting';
    const delayMs = Math.floor(rng.nextFloat64() * (mark === 'started' ? openDelayMsMax : ingestDelayMsMax));
    const run = await runChild(mark, delayMs);
    // A child that died on its own (not by our kill, not a clean exit) is a failure too.
    expect({ seed, trial, delayMs, died: run.signal === null && run.code !== 0 ? run.stderr : false }).toEqual({ seed, trial, delayMs, died: false });
    stages.push(run.signal === 'SIGKILL' ? run.stage : 'exited');
    expect({ seed, trial, delayMs, stage: run.stage, problems: await problemsIn(home) }).toEqual({ seed, trial, delayMs, stage: run.stage, problems: [] });
  }
  // The kills must have landed in the middle of ingestion, not only before or after it.
  const midIngest = stages.filter((s) => s === 'ingesting' || s === 'progress' || s === 'finished').length;
  expect({ seed, stages, midIngest: midIngest >= trials / 4 }).toMatchObject({ midIngest: true });

  const rerun = await ingestToEnd(home);
  const files = versions.length;
  expect({ seed, failed: rerun.files['failed'], done: (rerun.files['ok'] ?? 0) + (rerun.files['unchanged'] ?? 0) }).toEqual({ seed, failed: 0, done: files });
  expect(await problemsIn(home)).toEqual([]);

  await ingestToEnd(cleanHome);
  const crashed = await memoryOf(home);
  const clean = await memoryOf(cleanHome);
  expect(Object.keys(crashed.sources)).toHaveLength(files);
  expect(crashed).toEqual(clean);
}, 300_000);
