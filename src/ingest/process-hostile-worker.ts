/**
 * Test-only worker entry: the real worker loop, except that files whose content starts
 * with a `NOCTEM-TEST:` directive misbehave on purpose, so pool tests can show a hung,
 * memory-hungry or crashing parser, or a worker breaking the protocol, being killed and
 * reported while other files succeed.
 * Production code never loads this file; the pool runs it only when a test passes it as
 * `workerEntryPath`.
 */
import { writeFileSync } from 'node:fs';
import { extractBuffer } from './extract-buffer.ts';
import { extractSkip } from './extract-result.ts';
import type { ExtractBufferInput } from './extract-buffer.ts';
import type { ExtractLimits } from './extract-limits.ts';
import type { ExtractResult } from './extract-result.ts';
import { serveExtractWorker } from './process-extract-worker.ts';

/**
 * The directives: spin forever, fill the heap, fill memory outside the heap, or exit.
 * `hangWithPidFile` writes the worker's pid to the path that follows it, then spins.
 * Protocol breakers: `forge` reports a result for another file, `silent` finishes without
 * a result, and `flood` sends results past the flow-control window, then spins.
 */
export const hostileDirectives = {
  hang: 'NOCTEM-TEST:hang',
  hangWithPidFile: 'NOCTEM-TEST:pidfile:',
  heap: 'NOCTEM-TEST:heap',
  buffers: 'NOCTEM-TEST:buffers',
  crash: 'NOCTEM-TEST:crash',
  forge: 'NOCTEM-TEST:forge',
  silent: 'NOCTEM-TEST:silent',
  flood: 'NOCTEM-TEST:flood',
} as const;

// Job ids by path, read off the parent's messages, so `flood` can address its own job.
const jobIds = new Map<string, number>();
// Results `flood` sends at once: far past any window a test sets.
const floodResults = 500;

async function* misbehave(input: ExtractBufferInput, limits: ExtractLimits): AsyncGenerator<ExtractResult> {
  const head = new TextDecoder().decode(input.bytes.subarray(0, 4096));
  if (head.startsWith(hostileDirectives.hangWithPidFile)) {
    writeFileSync(head.slice(hostileDirectives.hangWithPidFile.length).trim(), String(process.pid));
    for (;;);
  }
  if (head.startsWith(hostileDirectives.hang)) for (;;);
  if (head.startsWith(hostileDirectives.heap)) {
    const hoard: unknown[] = [];
    for (;;) hoard.push(Array.from({ length: 1e5 }, (_, index) => ({ index })));
  }
  if (head.startsWith(hostileDirectives.buffers)) {
    const hoard: Buffer[] = [];
    for (;;) hoard.push(Buffer.alloc(64 * 1024 * 1024, 1));
  }
  if (head.startsWith(hostileDirectives.crash)) process.exit(70);
  if (head.startsWith(hostileDirectives.forge)) {
    yield extractSkip({ path: 'elsewhere.txt', sourcePath: input.sourcePath }, 'not the file this worker was given');
    return;
  }
  if (head.startsWith(hostileDirectives.silent)) return;
  if (head.startsWith(hostileDirectives.flood)) {
    const result = extractSkip(input, 'flooding');
    const message = { type: 'progress', jobId: jobIds.get(input.path), results: [result], done: false };
    for (let sent = 0; sent < floodResults; sent += 1) process.send?.(message);
    for (;;);
  }
  yield* extractBuffer(input, limits);
}

// Run as the worker only when forked by the pool (tests may import the directives).
if (process.send !== undefined && process.argv[1]?.endsWith('process-hostile-worker.ts') === true) {
  process.on('message', (message: { type?: string; jobs?: { path: string; jobId: number }[] }) => {
    for (const job of message.jobs ?? []) jobIds.set(job.path, job.jobId);
  });
  serveExtractWorker({ extract: misbehave });
}
