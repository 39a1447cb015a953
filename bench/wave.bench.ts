/**
 * `npm run bench -- wave`: wave propagation speed and memory (issue 4) on graphs of 10k, 100k
 * and 1M nodes with k = 18, beside the spec's 1 kHz physics tick:
 * - steps/s and edge updates/s (directed edges × steps / s) of the built-in velocity Verlet
 *   (one thread) and of the worker propagator with 1 and 2 threads, each the median of timed
 *   multi-step runs after a warm-up, the three interleaved run by run, with the process's CPU
 *   use (cores busy) beside them; the runs start from the same state and the worker results
 *   are checked bit for bit against the built-in's;
 * - tick latency: the median time of one advance() of a single step (what a 1 kHz tick loop
 *   calls), copies of the state in and out included;
 * - memory per node: the bytes of the state arrays and the CSR (computed), and the measured
 *   growth of the heap and of array buffers while building the graph and the state, and
 *   while the worker propagator copies them into shared memory.
 * The graphs are approximate k-NN graphs (bench/hilbert-window-graph.ts): exact k-NN over 1M
 * points of T⁹ is too slow here; their recall of the exact k-NN is measured on a sample.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  createWorkerPropagator, randomWaveState, stableTimeStep, velocityVerletPropagator,
  type Propagator, type WaveGraph, type WaveParams, type WaveState,
} from '../src/wave/index.ts';
import { hilbertWindowGraph, sampledRecall } from './hilbert-window-graph.ts';
import { median, row, type Benchmark } from './benchmark.ts';

const sizes = [10_000, 100_000, 1_000_000];
const k = 18;
const window = 64;
const recallSample = 20;
const timedRuns = 7;
/** Edge updates per timed run (long enough to time, short enough for 1M nodes) and per tick sample set. */
const edgeUpdatesPerRun = 1.5e8;
const edgeUpdatesOfTicks = 4e7;
const targetStepsPerSec = 1000;
const widths = [20, 10, 12, 10, 10, 12];

// Measured memory growth means little while garbage from earlier sizes lingers.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Figures of one contender on one graph. */
interface ContenderFigures {
  stepsPerSec: number;
  edgeUpdatesPerSec: number;
  /** Process CPU seconds per wall second during its timed runs (2 = both cores busy). */
  cpuCores: number;
  /** Median wall time of advance() with steps = 1. */
  tickMs: number;
}

interface SizeFigures {
  nodes: number; directedEdges: number; meanDegree: number; buildMs: number; knnRecall: number; stepsPerRun: number;
  contenders: Record<string, ContenderFigures>;
  bitIdentical: boolean;
  bytesPerNode: { stateComputed: number; csrComputed: number; heapMeasured: number; arrayBuffersMeasured: number; workerSharedMeasured: number };
}

/** The benchmark. */
export const benchmark: Benchmark = {
  async run({ log }) {
    const figures: SizeFigures[] = [];
    for (const nodes of sizes) {
      const size = await measureSize(nodes);
      figures.push(size);
      report(size, log);
    }
    log(`graphs: approximate k-NN (k = ${k}, nearest among ±${window} in Hilbert order), recall on ${recallSample} sampled nodes`);
    return { k, window, targetStepsPerSec, timedRuns, sizes: figures };
  },
};

async function measureSize(nodes: number): Promise<SizeFigures> {
  await collectGarbage();
  const before = process.memoryUsage();
  const { graph, buildMs, knnRecall } = graphOf(nodes);
  const start = randomWaveState(graph, { seed: 2 });
  await collectGarbage();
  const afterBuild = process.memoryUsage();
  const physics = { c: 1, alpha: 0.1, beta: 1 };
  const params: WaveParams = { ...physics, dt: 0.1 * stableTimeStep(start, physics), emitters: [{ node: 0, re: 0.5, im: 0, angularFrequency: 3 }] };
  const directedEdges = graph.neighbour.length;
  const stepsPerRun = Math.max(3, Math.round(edgeUpdatesPerRun / directedEdges));
  const one = await createWorkerPropagator({ threads: 1 });
  const two = await createWorkerPropagator({ threads: 2 });
  try {
    const beforeShared = process.memoryUsage().arrayBuffers;
    consume(two.advance(start, params, { steps: 0 }));
    await collectGarbage();
    const workerShared = process.memoryUsage().arrayBuffers - beforeShared;
    const contenders: Record<string, Propagator> = { 'built-in, 1 thread': velocityVerletPropagator, 'workers, 1 thread': one, 'workers, 2 threads': two };
    const runs = timeInterleaved(contenders, start, params, stepsPerRun);
    const ticks = timeInterleaved(contenders, start, params, 1, Math.min(200, Math.max(3, Math.round(edgeUpdatesOfTicks / directedEdges))));
    const figures: Record<string, ContenderFigures> = {};
    for (const name of Object.keys(contenders)) {
      const seconds = median(runs.seconds[name] ?? []);
      figures[name] = {
        stepsPerSec: stepsPerRun / seconds, edgeUpdatesPerSec: (directedEdges * stepsPerRun) / seconds,
        cpuCores: runs.cpuCores[name] ?? Number.NaN, tickMs: 1000 * median(ticks.seconds[name] ?? []),
      };
    }
    return {
      nodes, directedEdges, meanDegree: directedEdges / nodes, buildMs, knnRecall, stepsPerRun,
      contenders: figures, bitIdentical: runs.bitIdentical && ticks.bitIdentical,
      bytesPerNode: {
        stateComputed: 8 * Float64Array.BYTES_PER_ELEMENT,
        csrComputed: (graph.rowStart.byteLength + graph.neighbour.byteLength + graph.weight.byteLength + graph.degree.byteLength) / nodes,
        heapMeasured: (afterBuild.heapUsed - before.heapUsed) / nodes,
        arrayBuffersMeasured: (afterBuild.arrayBuffers - before.arrayBuffers) / nodes,
        workerSharedMeasured: workerShared / nodes,
      },
    };
  } finally {
    await one.close();
    await two.close();
  }
}

/** Collects garbage, twice around a pause: closed threads release shared buffers late. */
async function collectGarbage(): Promise<void> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 100));
  gc();
}

/** The graph and its build time and recall (the coordinates are dropped, so memory figures leave them out). */
function graphOf(nodes: number): { graph: WaveGraph; buildMs: number; knnRecall: number } {
  const built = hilbertWindowGraph({ nodeCount: nodes, k, window, seed: 1 });
  return { graph: built.graph, buildMs: built.buildMs, knnRecall: sampledRecall(built, k, recallSample) };
}

interface Timings {
  readonly seconds: Record<string, number[]>;
  readonly cpuCores: Record<string, number>;
  readonly bitIdentical: boolean;
}

/** Times each contender `runs` times after a warm-up, interleaved; checks the results agree. */
function timeInterleaved(contenders: Record<string, Propagator>, start: WaveState, params: WaveParams, steps: number, runs = timedRuns): Timings {
  const seconds: Record<string, number[]> = {};
  const cpuSeconds: Record<string, number> = {};
  const results: Record<string, WaveState> = {};
  for (let run = -1; run < runs; run++) {
    for (const [name, propagator] of Object.entries(contenders)) {
      const [startedAt, cpuBefore] = [performance.now(), process.cpuUsage()];
      const end = propagator.advance(start, params, { steps });
      const elapsed = (performance.now() - startedAt) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      if (run >= 0) (seconds[name] ??= []).push(elapsed);
      if (run >= 0) cpuSeconds[name] = (cpuSeconds[name] ?? 0) + (cpu.user + cpu.system) / 1e6;
      results[name] = end;
    }
  }
  const cpuCores = Object.fromEntries(Object.entries(seconds).map(([name, samples]) => [name, (cpuSeconds[name] ?? 0) / samples.reduce((a, b) => a + b, 0)]));
  const [reference, ...others] = Object.values(results).map(consume);
  return { seconds, cpuCores, bitIdentical: others.every((bits) => bits === reference) };
}

/** The final ψ and v as bytes: the runs' results are used, and comparable bit for bit. */
function consume(state: WaveState): string {
  const bytes = (array: Float64Array): string => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
  return bytes(state.psiRe) + bytes(state.psiIm) + bytes(state.vRe) + bytes(state.vIm);
}

function report(size: SizeFigures, log: (line: string) => void): void {
  log('');
  log(`${size.nodes.toLocaleString('en-US')} nodes, ${size.directedEdges.toLocaleString('en-US')} directed edges (mean degree ${size.meanDegree.toFixed(1)}), built in ${(size.buildMs / 1000).toFixed(1)} s, k-NN recall ${(100 * size.knnRecall).toFixed(0)}%, ${size.stepsPerRun} steps per run`);
  log(row(['propagator', 'steps/s', 'edge upd/s', 'CPU cores', 'tick ms', `>= ${targetStepsPerSec}/s?`], widths));
  for (const [name, figures] of Object.entries(size.contenders)) {
    log(row([name, figures.stepsPerSec, figures.edgeUpdatesPerSec, figures.cpuCores, figures.tickMs, figures.stepsPerSec >= targetStepsPerSec ? 'yes' : 'no'], widths));
  }
  log(`results bit-identical to the built-in: ${size.bitIdentical ? 'yes' : 'NO'}`);
  const memory = size.bytesPerNode;
  log(`bytes/node: state ${memory.stateComputed} + CSR ${memory.csrComputed.toFixed(0)} computed; measured growth: array buffers ${memory.arrayBuffersMeasured.toFixed(0)}, heap ${memory.heapMeasured.toFixed(0)}; worker shared copy +${memory.workerSharedMeasured.toFixed(0)}`);
}
