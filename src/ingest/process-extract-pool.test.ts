/**
 * Goal: the worker pool survives parsers that hang, exhaust memory or crash, and workers
 * that break the protocol: that file is reported as INGEST_WORKER_FAILED, the files queued
 * behind it on the same worker are re-run elsewhere, the other files succeed, and healthy
 * workers are reused. Flow control holds with a stalled consumer. Method: real child
 * processes running a test-only worker entry that misbehaves on files starting with a
 * `NOCTEM-TEST:` directive, and the real worker on a corpus PDF that sends pdfjs into a
 * loop for over a minute.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { zipOf } from './archive-builders.testing.ts';
import type { ExtractResult } from './extract-result.ts';
import { corpusFile, hasCorpus } from './fs-test-corpus.ts';
import { hostileDirectives } from './process-hostile-worker.ts';
import type { ExtractPoolOptions, PoolInput } from './process-extract-pool.ts';
import { ProcessExtractPool } from './process-extract-pool.ts';

const hostileEntry = fileURLToPath(new URL('./process-hostile-worker.ts', import.meta.url));
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const okFiles = (count: number): PoolInput[] =>
  Array.from({ length: count }, (_, index) => ({ path: `ok-${index}.txt`, bytes: bytes(`file number ${index}`) }));

async function runPool(inputs: readonly PoolInput[], options: ExtractPoolOptions): Promise<{ results: ExtractResult[]; pool: ProcessExtractPool }> {
  const pool = new ProcessExtractPool({ workers: 2, ...options });
  const results: ExtractResult[] = [];
  try {
    for await (const result of pool.run(inputs)) results.push(result);
  } finally {
    await pool.close();
  }
  return { results, pool };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error('waitFor() timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: no such process, which is what the test waits for.
    return false;
  }
}

const byPath = (results: readonly ExtractResult[], path: string): ExtractResult | undefined => results.find((result) => result.path === path);
const okCount = (results: readonly ExtractResult[]): number => results.filter((result) => result.ok).length;

describe('ProcessExtractPool', () => {
  it('run() kills a hung worker after the timeout and extracts the other files', async () => {
    const inputs = [{ path: 'hang.bin', bytes: bytes(hostileDirectives.hang) }, ...okFiles(4)];
    const { results } = await runPool(inputs, { workerEntryPath: hostileEntry, timeoutMs: 3000 });
    expect(byPath(results, 'hang.bin')).toMatchObject({ ok: false, code: 'INGEST_WORKER_FAILED', reason: expect.stringMatching(/killed after 3000 ms/) });
    expect(okCount(results)).toBe(4);
  }, 60_000);

  it('run() reports a worker that fills its heap as out of memory and goes on', async () => {
    const inputs = [{ path: 'heap.bin', bytes: bytes(hostileDirectives.heap) }, ...okFiles(3)];
    const { results } = await runPool(inputs, { workerEntryPath: hostileEntry, heapBytesMax: 96 * 1024 * 1024, timeoutMs: 20_000 });
    expect(byPath(results, 'heap.bin')).toMatchObject({ code: 'INGEST_WORKER_FAILED', reason: expect.stringMatching(/out of memory/) });
    expect(okCount(results)).toBe(3);
  }, 60_000);

  it.skipIf(!existsSync('/usr/bin/prlimit'))('run() reports a worker that fills memory outside its heap and goes on', async () => {
    const inputs = [{ path: 'buffers.bin', bytes: bytes(hostileDirectives.buffers) }, ...okFiles(3)];
    const { results } = await runPool(inputs, {
      workerEntryPath: hostileEntry, heapBytesMax: 128 * 1024 * 1024, dataHeadroomBytes: 384 * 1024 * 1024, timeoutMs: 20_000,
    });
    expect(byPath(results, 'buffers.bin')).toMatchObject({ code: 'INGEST_WORKER_FAILED', reason: expect.stringMatching(/out of memory/) });
    expect(okCount(results)).toBe(3);
  }, 60_000);

  it('run() reports a worker that exits and replaces it', async () => {
    const inputs = [...okFiles(2), { path: 'crash.bin', bytes: bytes(hostileDirectives.crash) }, ...okFiles(2).map((input) => ({ ...input, path: `late-${input.path}` }))];
    const { results, pool } = await runPool(inputs, { workerEntryPath: hostileEntry, workers: 1 });
    expect(byPath(results, 'crash.bin')).toMatchObject({ code: 'INGEST_WORKER_FAILED', reason: expect.stringMatching(/exited with code 70/) });
    expect(okCount(results)).toBe(4);
    expect(pool.stats).toMatchObject({ workersStarted: 2, workersFailed: 1 });
  }, 60_000);

  it('run() re-runs the files queued behind a hung file on a fresh worker', async () => {
    const inputs = [{ path: 'hang.bin', bytes: bytes(hostileDirectives.hang) }, ...okFiles(3)];
    const { results, pool } = await runPool(inputs, { workerEntryPath: hostileEntry, workers: 1, timeoutMs: 2000 });
    expect(byPath(results, 'hang.bin')).toMatchObject({ code: 'INGEST_WORKER_FAILED', reason: expect.stringMatching(/killed after 2000 ms/) });
    expect(okCount(results)).toBe(3);
    expect(pool.stats).toMatchObject({ workersStarted: 2, workersFailed: 1, jobsRequeued: 3 });
  }, 60_000);

  it('run() gives every file exactly one outcome when a worker crashes mid-window', async () => {
    const inputs = [...okFiles(5), { path: 'crash.bin', bytes: bytes(hostileDirectives.crash) }, ...okFiles(5).map((input) => ({ ...input, path: `late-${input.path}` }))];
    const { results } = await runPool(inputs, { workerEntryPath: hostileEntry, workers: 1 });
    expect(results.map((result) => result.path).sort()).toEqual(inputs.map((input) => input.path).sort());
    expect(results.filter((result) => !result.ok).map((result) => result.path)).toEqual(['crash.bin']);
  }, 60_000);

  it('run() kills a worker that reports a result for a file it was not given', async () => {
    const inputs = [{ path: 'forge.bin', bytes: bytes(hostileDirectives.forge) }, ...okFiles(2)];
    const { results } = await runPool(inputs, { workerEntryPath: hostileEntry, workers: 1 });
    expect(byPath(results, 'forge.bin')).toMatchObject({ code: 'INGEST_WORKER_FAILED', reason: expect.stringMatching(/malformed/) });
    expect(byPath(results, 'elsewhere.txt')).toBeUndefined();
    expect(okCount(results)).toBe(2);
  }, 60_000);

  it('run() kills a worker that finishes a file without a result', async () => {
    const inputs = [{ path: 'silent.bin', bytes: bytes(hostileDirectives.silent) }, ...okFiles(2)];
    const { results } = await runPool(inputs, { workerEntryPath: hostileEntry, workers: 1 });
    expect(byPath(results, 'silent.bin')).toMatchObject({ code: 'INGEST_WORKER_FAILED', reason: expect.stringMatching(/without a result/) });
    expect(okCount(results)).toBe(2);
  }, 60_000);

  it('run() kills a worker that sends more results than its window allows', async () => {
    const inputs = [{ path: 'flood.bin', bytes: bytes(hostileDirectives.flood) }, ...okFiles(2)];
    const pool = new ProcessExtractPool({ workers: 1, workerEntryPath: hostileEntry, workerResultsUnackedMax: 4, resultsQueuedMax: 1 });
    const results: ExtractResult[] = [];
    try {
      for await (const result of pool.run(inputs)) {
        results.push(result);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await pool.close();
    }
    const failure = results.find((result) => result.path === 'flood.bin' && !result.ok && !result.skipped);
    expect(failure).toMatchObject({ code: 'INGEST_WORKER_FAILED', reason: expect.stringMatching(/window/) });
    // The worker sent 500; the parent passes at most the window (4) plus the credit the
    // consumer returned while the flood arrived (results it took meanwhile, itself bounded
    // by the window), plus the failure: never anywhere near 500. The exact count depends on
    // timing, so the bound is the window twice plus one.
    expect(results.filter((result) => result.path === 'flood.bin').length).toBeLessThanOrEqual(2 * 4 + 1);
    expect(okCount(results)).toBe(2);
  }, 60_000);

  it('run() does not count time spent waiting for a stalled consumer as worker silence', async () => {
    const members = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`m${index}.txt`, `member ${index}`]));
    const pool = new ProcessExtractPool({ workers: 1, resultsQueuedMax: 1, workerResultsUnackedMax: 2, timeoutMs: 1000 });
    const outcomes: ExtractResult[] = [];
    try {
      for await (const result of pool.run([{ path: 'many.zip', bytes: zipOf(members) }])) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        outcomes.push(result);
      }
    } finally {
      await pool.close();
    }
    expect(outcomes.filter((result) => result.ok)).toHaveLength(20);
    expect(pool.stats.workersFailed).toBe(0);
  }, 60_000);

  it('run() reuses one healthy worker for many files', async () => {
    const { results, pool } = await runPool(okFiles(25), { workers: 1 });
    expect(okCount(results)).toBe(25);
    expect(pool.stats.workersStarted).toBe(1);
  }, 60_000);

  it('run() delivers every member of an archive to a slow consumer through a one-slot queue', async () => {
    const members = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`m${index}.txt`, `member ${index}`]));
    const pool = new ProcessExtractPool({ workers: 1, resultsQueuedMax: 1 });
    const paths: string[] = [];
    try {
      for await (const result of pool.run([{ path: 'many.zip', bytes: zipOf(members) }])) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (result.ok) paths.push(result.path);
      }
    } finally {
      await pool.close();
    }
    expect(paths).toHaveLength(30);
  }, 60_000);

  it('run() passes results already known straight through', async () => {
    const known: ExtractResult = { ok: false, skipped: true, path: 'x', sourcePath: 'x', reason: 'walked past' };
    const { results } = await runPool([known], {});
    expect(results).toEqual([known]);
  }, 60_000);

  it('run() stops at once when the consumer leaves, without waiting for busy workers', async () => {
    const pool = new ProcessExtractPool({ workers: 2, workerEntryPath: hostileEntry, timeoutMs: 60_000 });
    const started = performance.now();
    try {
      for await (const result of pool.run([{ path: 'hang.bin', bytes: bytes(hostileDirectives.hang) }, ...okFiles(1)])) {
        if (result.ok) break;
      }
    } finally {
      await pool.close();
    }
    expect(performance.now() - started).toBeLessThan(30_000);
  }, 60_000);

  it.skipIf(!hasCorpus)('run() kills the real worker when pdfjs loops on a hostile PDF', async () => {
    const inputs = [{ path: corpusFile('pdf/bug1980958.pdf') }, { path: corpusFile('pdf/helloworld-bad.pdf') }];
    const { results } = await runPool(inputs, { timeoutMs: 4000 });
    expect(byPath(results, corpusFile('pdf/bug1980958.pdf'))).toMatchObject({ code: 'INGEST_WORKER_FAILED' });
    expect(byPath(results, corpusFile('pdf/helloworld-bad.pdf'))).toMatchObject({ ok: true, text: 'Hello, world!' });
  }, 60_000);

  it('a worker stuck in a parser dies when the process that owns the pool is killed', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'noctem-orphan-'));
    let workerPid: number | undefined;
    try {
      const pidFile = join(folder, 'worker.pid');
      const script = join(folder, 'owner.mts');
      const poolUrl = pathToFileURL(fileURLToPath(new URL('./process-extract-pool.ts', import.meta.url))).href;
      await writeFile(script, [
        `import { ProcessExtractPool } from ${JSON.stringify(poolUrl)};`,
        `const pool = new ProcessExtractPool({ workers: 1, workerEntryPath: ${JSON.stringify(hostileEntry)}, timeoutMs: 600000 });`,
        `const input = { path: 'stuck', bytes: new TextEncoder().encode(${JSON.stringify(`${hostileDirectives.hangWithPidFile}${pidFile}`)}) };`,
        'for await (const result of pool.run([input])) console.log(result);',
      ].join('\n'));
      const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
      const owner = spawn(process.execPath, ['--import', tsx, script], { stdio: 'ignore' });
      workerPid = await waitFor(async () => Number(await readFile(pidFile, 'utf8').catch(() => '')) || undefined);
      owner.kill('SIGKILL');
      const pid = workerPid;
      expect(await waitFor(async () => (isAlive(pid) ? undefined : true))).toBe(true);
    } finally {
      // Should the watchdog fail, do not leave a spinning orphan behind.
      if (workerPid !== undefined && isAlive(workerPid)) process.kill(workerPid, 'SIGKILL');
      await rm(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it('run() throws the abort reason and kills busy workers when its signal aborts', async () => {
    const controller = new AbortController();
    const pool = new ProcessExtractPool({ workers: 1, workerEntryPath: hostileEntry, timeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('kill switch')), 2000);
    const started = performance.now();
    await expect((async () => {
      for await (const result of pool.run([{ path: 'hang.bin', bytes: bytes(hostileDirectives.hang) }])) void result;
    })()).rejects.toThrow('kill switch');
    await pool.close();
    expect(performance.now() - started).toBeLessThan(30_000);
  }, 60_000);

  it('new ProcessExtractPool() rejects zero workers with INGEST_OPTIONS_INVALID', () => {
    expect(() => new ProcessExtractPool({ workers: 0 })).toThrow(expect.objectContaining({ code: 'INGEST_OPTIONS_INVALID' }));
  });
});
