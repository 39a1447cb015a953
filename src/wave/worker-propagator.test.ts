/**
 * Goal: the worker propagator is the built-in velocity Verlet, only parallel. Method: run both
 * on the same seeded k-NN graph and state with everything switched on (damping, β, the clamp,
 * norepinephrine, steady and oscillating emitters, two on one node, emitters in every thread's
 * range) and compare every float's bits; run the Physics Oracle on it; and run a script under
 * `tsx` in a child process that must exit by itself once close() returned (a live worker
 * thread would keep it running).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runOracle } from './oracle.ts';
import { randomWaveState } from './random-state.ts';
import { randomKnnWaveGraph } from './test-graphs.ts';
import { velocityVerletPropagator } from './velocity-verlet.ts';
import { stableTimeStep, type WaveParams } from './wave-params.ts';
import type { WaveGraph } from './wave-graph.ts';
import type { WaveState } from './wave-state.ts';
import { createWorkerPropagator, type WorkerPropagator } from './worker-propagator.ts';

const graph = randomKnnWaveGraph(301, { k: 8, seed: 7 });
const fields = ['psiRe', 'psiIm', 'vRe', 'vIm', 'aRe', 'aIm', 'resonance', 'refractiveIndex'] as const;

/** Every array of a state as hex bytes, with its time: equal strings mean equal bits. */
function bitsOf(state: WaveState): string[] {
  return [String(state.time), ...fields.map((field) => Buffer.from(state[field].buffer, state[field].byteOffset, state[field].byteLength).toString('hex'))];
}

/** Damped, nonlinear, clamped and driven; emitter nodes wrap onto smaller graphs. */
function drivenParams(state: WaveState): WaveParams {
  const n = state.graph.nodeCount;
  const physics = { c: 1.3, alpha: 0.7, beta: 1, norepinephrine: 0.25, amplitudeMax: 1.5 };
  return {
    ...physics,
    dt: 0.05 * stableTimeStep(state, physics),
    emitters: [
      { node: 0 % n, re: 0.5, im: 0 },
      { node: 150 % n, re: 0.2, im: -0.3, angularFrequency: 2 },
      { node: 150 % n, re: -0.1, im: 0.4, angularFrequency: 0.5 },
      { node: 300 % n, re: 0, im: 0.8, angularFrequency: 5 },
    ],
  };
}

let propagator: WorkerPropagator;
beforeAll(async () => {
  propagator = await createWorkerPropagator({ threads: 2 });
});
afterAll(async () => {
  await propagator.close();
});

describe('createWorkerPropagator', () => {
  test('advance() equals the built-in velocity Verlet bit for bit', () => {
    const start = randomWaveState(graph, { seed: 3, amplitude: 1.4 });
    const params = drivenParams(start);
    const ours = propagator.advance(start, params, { steps: 300 });
    const reference = velocityVerletPropagator.advance(start, params, { steps: 300 });
    expect(bitsOf(ours)).toEqual(bitsOf(reference));
  });

  test('advance() stays bit-identical across calls, zero-step calls and a change of graph', () => {
    const other: WaveGraph = randomKnnWaveGraph(97, { k: 5, seed: 8 });
    for (const g of [graph, other, graph]) {
      const start = randomWaveState(g, { seed: 5 });
      const params = drivenParams(start);
      const once = propagator.advance(propagator.advance(start, params, { steps: 0 }), params, { steps: 40 });
      const reference = velocityVerletPropagator.advance(velocityVerletPropagator.advance(start, params, { steps: 0 }), params, { steps: 40 });
      expect(bitsOf(once)).toEqual(bitsOf(reference));
    }
  });

  test('advance() uses CSR arrays already in shared memory and leaves the input state unchanged', () => {
    const toShared = <T extends Int32Array | Float64Array>(array: T): T => {
      const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
      copy.set(array);
      return copy;
    };
    const sharedGraph: WaveGraph = { ...graph, rowStart: toShared(graph.rowStart), neighbour: toShared(graph.neighbour), weight: toShared(graph.weight) };
    const start = randomWaveState(sharedGraph, { seed: 9 });
    const before = bitsOf(start);
    const params = drivenParams(start);
    expect(bitsOf(propagator.advance(start, params, { steps: 25 }))).toEqual(bitsOf(velocityVerletPropagator.advance(start, params, { steps: 25 })));
    expect(bitsOf(start)).toEqual(before);
  });

  test('runOracle() passes the worker propagator', () => {
    const verdict = runOracle(propagator, randomKnnWaveGraph(64, { k: 6, seed: 2 }), { steps: 1000 });
    expect(verdict.failures).toEqual([]);
  });

  test('createWorkerPropagator() asserts on a thread count out of range', async () => {
    await expect(createWorkerPropagator({ threads: 0 })).rejects.toThrow(/thread count/);
  });

  test('close() ends every thread: a tsx script that closes its propagator exits by itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'noctem-worker-propagator-'));
    try {
      const script = join(dir, 'run.mts');
      const moduleUrl = new URL('./worker-propagator.ts', import.meta.url).href;
      const graphsUrl = new URL('./test-graphs.ts', import.meta.url).href;
      writeFileSync(script, [
        `import { createWorkerPropagator } from ${JSON.stringify(moduleUrl)};`,
        `import { randomKnnWaveGraph } from ${JSON.stringify(graphsUrl)};`,
        `const { createWaveState } = await import(${JSON.stringify(new URL('./wave-state.ts', import.meta.url).href)});`,
        'const propagator = await createWorkerPropagator({ threads: 2 });',
        'const state = createWaveState(randomKnnWaveGraph(40, { k: 4 }));',
        'state.psiRe[0] = 1;',
        'const end = propagator.advance(state, { c: 1, alpha: 0, beta: 0, dt: 0.01 }, { steps: 10 });',
        'await propagator.close();',
        'console.log(end.psiRe[0] < 1 ? "moved" : "still");',
      ].join('\n'));
      const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
      const child = spawnSync(process.execPath, [tsx, script], { encoding: 'utf8', timeout: 20_000 });
      expect({ status: child.status, signal: child.signal, stdout: child.stdout.trim() }).toEqual({ status: 0, signal: null, stdout: 'moved' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('advance() after close() is refused', async () => {
    const closed = await createWorkerPropagator({ threads: 1 });
    await closed.close();
    const start = randomWaveState(graph, { seed: 1 });
    expect(() => closed.advance(start, { c: 1, alpha: 0, beta: 0, dt: 0.01 })).toThrow(/open/);
  });
});
