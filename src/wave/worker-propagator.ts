/**
 * A parallel {@link Propagator}: the built-in velocity Verlet (velocity-verlet.ts) run by
 * worker threads over SharedArrayBuffers, nodes split into one contiguous range per thread
 * (balanced by edges). The threads run the reference's per-node arithmetic in the same order,
 * so results equal the built-in's bit for bit; worker-propagator-thread.ts has the kernels
 * and the barrier protocol. `advance` is synchronous, as the port requires: the calling
 * thread copies the state into the shared arrays, starts the job and sleeps in Atomics.wait
 * (allowed on Node's main thread) until every thread is done, then copies the result out.
 *
 * The threads load TypeScript sources, so each starts by calling tsx's register(): under
 * Node 20, `--import tsx` in a worker's execArgv leaves .ts files unloadable (tsx installs its
 * hooks on the main thread only). The CSR arrays are copied into shared memory once per graph,
 * or used in place when they already live in SharedArrayBuffers.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { assert, limits, NoctemError } from '../core/index.ts';
import { assertWaveParams, type WaveParams } from './wave-params.ts';
import type { WaveState } from './wave-state.ts';
import type { WaveGraph } from './wave-graph.ts';
import type { AdvanceOptions, Propagator } from './propagator.ts';
import { controlSlot, controlSlotCount, type SharedWaveArrays, type WaveWorkerData, type WaveWorkerJob } from './worker-propagator-thread.ts';

/** Options for {@link createWorkerPropagator}. */
export interface WorkerPropagatorOptions {
  /** Worker threads, 1..limits.waveWorkerThreadsMax. @default os.availableParallelism() */
  readonly threads?: number;
}

/**
 * A propagator backed by worker threads; `close()` ends them. Its `advance` returns what
 * velocityVerletPropagator returns, bit for bit, and blocks the calling thread meanwhile.
 * advance() throws {NoctemError} WAVE_WORKER_FAILED when a thread crashed, failed or stalled
 * (longer than limits.waveWorkerStallMsMax without finishing a half-step); the propagator
 * then refuses further work. Calling it after close() is a bug (an assertion).
 */
export interface WorkerPropagator extends Propagator {
  /** Worker threads. */
  readonly threads: number;
  /** Stops and joins the threads; resolves once every one has exited. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts `threads` worker threads and resolves once each has loaded and is waiting for work.
 * @param options - thread count
 * @throws {NoctemError} WAVE_WORKER_FAILED when a thread fails to start within limits.waveWorkerStartMsMax
 */
export async function createWorkerPropagator(options: WorkerPropagatorOptions = {}): Promise<WorkerPropagator> {
  const threads = options.threads ?? Math.min(availableParallelism(), limits.waveWorkerThreadsMax);
  assert(Number.isInteger(threads) && threads >= 1 && threads <= limits.waveWorkerThreadsMax, 'thread count within limits');
  const control = new Int32Array(new SharedArrayBuffer(controlSlotCount * Int32Array.BYTES_PER_ELEMENT));
  const started = Array.from({ length: threads }, () => startThread(control, threads));
  const threadsOf = started.map((thread) => thread.thread);
  try {
    await Promise.all(started.map((thread) => thread.ready));
  } catch (error) {
    await Promise.all(threadsOf.map((thread) => thread.worker.terminate()));
    throw new NoctemError('WAVE_WORKER_FAILED', `Cannot start the wave propagator's threads: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return new ThreadedPropagator(control, threadsOf);
}

interface Thread {
  readonly worker: Worker;
  /** The main thread's end of the thread's job channel. */
  readonly port: MessagePort;
}

/** Node and CSR arrays in shared memory for one graph, with each thread's node range. */
interface SharedGraph {
  readonly graph: WaveGraph;
  readonly arrays: SharedWaveArrays;
  readonly ranges: readonly (readonly [number, number])[];
}

// How long the calling thread sleeps between looks at the threads' liveness and progress.
const watchPollMs = 100;
const entryUrl = new URL('./worker-propagator-entry.ts', import.meta.url).href;

class ThreadedPropagator implements WorkerPropagator {
  readonly name = 'velocity-verlet-workers';
  readonly threads: number;
  readonly #control: Int32Array;
  readonly #threads: readonly Thread[];
  #shared: SharedGraph | undefined;
  /** Why the threads cannot take work any more (a thread failed or stalled), once they cannot. */
  #broken: string | undefined;
  #closed = false;

  constructor(control: Int32Array, threads: readonly Thread[]) {
    this.#control = control;
    this.#threads = threads;
    this.threads = threads.length;
    for (const { worker } of threads) {
      // A thread dying between jobs is reported by the next advance(); an unheard 'error'
      // event would crash the process instead.
      worker.on('error', (error) => void (this.#broken ??= error.message));
    }
  }

  advance(state: WaveState, params: WaveParams, options: AdvanceOptions = {}): WaveState {
    const steps = options.steps ?? 1;
    assert(!this.#closed, 'the worker propagator is open');
    assert(Number.isInteger(steps) && steps >= 0 && steps <= limits.waveStepsMax, 'steps within limits');
    assertWaveParams(params, state.graph.nodeCount);
    if (this.#broken !== undefined) throw new NoctemError('WAVE_WORKER_FAILED', `The wave propagator's threads failed earlier: ${this.#broken}`);
    const shared = this.#sharedFor(state.graph);
    const { arrays } = shared;
    for (const key of ['psiRe', 'psiIm', 'vRe', 'vIm', 'resonance', 'refractiveIndex'] as const) arrays[key].set(state[key]);
    this.#run(shared, { params, steps, time: state.time });
    let time = state.time;
    for (let step = 0; step < steps; step++) time += params.dt;
    return {
      graph: state.graph, time,
      psiRe: arrays.psiRe.slice(), psiIm: arrays.psiIm.slice(),
      vRe: arrays.vRe.slice(), vIm: arrays.vIm.slice(),
      aRe: arrays.aRe.slice(), aIm: arrays.aIm.slice(),
      resonance: state.resonance.slice(), refractiveIndex: state.refractiveIndex.slice(),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    Atomics.store(this.#control, controlSlot.stop, 1);
    Atomics.add(this.#control, controlSlot.job, 1);
    Atomics.notify(this.#control, controlSlot.job);
    // A thread stuck in a job never sees the stop word; terminate() ends it either way.
    await Promise.all(this.#threads.map(({ worker }) => worker.terminate()));
    for (const { port } of this.#threads) port.close();
  }

  /** Posts one job, wakes the threads and sleeps until all are done. */
  #run(shared: SharedGraph, job: Omit<WaveWorkerJob, 'arrays' | 'range'>): void {
    const control = this.#control;
    const fresh = this.#shared !== shared;
    this.#shared = shared;
    this.#threads.forEach(({ port }, i) => port.postMessage(fresh ? { ...job, arrays: shared.arrays, range: shared.ranges[i] } : job));
    Atomics.store(control, controlSlot.done, 0);
    Atomics.add(control, controlSlot.job, 1);
    Atomics.notify(control, controlSlot.job);
    const failure = this.#awaitDone();
    if (failure !== undefined) {
      this.#broken = failure;
      throw new NoctemError('WAVE_WORKER_FAILED', `A wave propagator thread failed: ${failure}`);
    }
  }

  /** Sleeps until every thread is done; returns why it failed, if it did. */
  #awaitDone(): string | undefined {
    const control = this.#control;
    let progress = Atomics.load(control, controlSlot.barrier);
    let progressAtMs = performance.now();
    for (;;) {
      const done = Atomics.load(control, controlSlot.done);
      if (done === this.threads) break;
      Atomics.wait(control, controlSlot.done, done, watchPollMs);
      if (this.#threads.some(({ worker }) => worker.threadId === -1)) return 'a thread exited during a job';
      const now = performance.now();
      if (Atomics.load(control, controlSlot.barrier) !== progress) {
        progress = Atomics.load(control, controlSlot.barrier);
        progressAtMs = now;
      } else if (now - progressAtMs > limits.waveWorkerStallMsMax) {
        return `no half-step finished in ${limits.waveWorkerStallMsMax} ms`;
      }
    }
    if (Atomics.load(control, controlSlot.failed) === 0) return undefined;
    const reports = this.#threads.map(({ port }) => receiveMessageOnPort(port)?.message as { error?: string } | undefined);
    return reports.find((report) => report?.error !== undefined)?.error ?? 'a thread failed';
  }

  /** The shared arrays for `graph`: the current ones, or new ones when the graph changed. */
  #sharedFor(graph: WaveGraph): SharedGraph {
    if (this.#shared?.graph === graph) return this.#shared;
    const n = graph.nodeCount;
    const nodeArray = (): Float64Array => new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
    const arrays: SharedWaveArrays = {
      nodeCount: n,
      rowStart: sharedInt32(graph.rowStart), neighbour: sharedInt32(graph.neighbour), weight: sharedFloat64(graph.weight),
      psiRe: nodeArray(), psiIm: nodeArray(), vRe: nodeArray(), vIm: nodeArray(), aRe: nodeArray(), aIm: nodeArray(),
      resonance: nodeArray(), refractiveIndex: nodeArray(),
    };
    return { graph, arrays, ranges: contiguousRanges(graph, this.threads) };
  }
}

/** Starts one thread: tsx's loader first, then the entry module. */
function startThread(control: Int32Array, threads: number): { thread: Thread; ready: Promise<void> } {
  const channel = new MessageChannel();
  const data: WaveWorkerData = { control, port: channel.port1, threads };
  const source = `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entryUrl)}); });`;
  const worker = new Worker(source, { eval: true, execArgv: [], workerData: data, transferList: [channel.port1] });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after ${limits.waveWorkerStartMsMax} ms`)), limits.waveWorkerStartMsMax);
    const settle = (error?: Error): void => {
      clearTimeout(timer);
      channel.port2.removeAllListeners('message');
      worker.removeAllListeners('error').removeAllListeners('exit');
      if (error === undefined) resolve(); else reject(error);
    };
    channel.port2.once('message', () => settle());
    worker.once('error', (error) => settle(error));
    worker.once('exit', (code) => settle(new Error(`a thread exited with code ${code} while starting`)));
  });
  return { thread: { worker, port: channel.port2 }, ready };
}

/** tsx's ESM API module (its `register()` installs the loader in the calling thread). */
function tsxApiUrl(): string {
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  return pathToFileURL(join(tsxRoot, 'dist', 'esm', 'api', 'index.mjs')).href;
}

/**
 * Splits nodes into `threads` contiguous ranges of about equal work (edges plus a per-node
 * share, since a node's own updates cost about two edges).
 */
function contiguousRanges(graph: WaveGraph, threads: number): (readonly [number, number])[] {
  const n = graph.nodeCount;
  const work = (i: number): number => graph.rowStart[i]! + 2 * i;
  const total = work(n);
  const bounds = [0];
  for (let t = 1; t < threads; t++) {
    const target = (t * total) / threads;
    let low = bounds[t - 1]!, high = n;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (work(middle) < target) low = middle + 1; else high = middle;
    }
    bounds.push(low);
  }
  bounds.push(n);
  return Array.from({ length: threads }, (_, t) => [bounds[t]!, bounds[t + 1]!] as const);
}

function sharedInt32(array: Int32Array): Int32Array {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = new Int32Array(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

function sharedFloat64(array: Float64Array): Float64Array {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = new Float64Array(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}
