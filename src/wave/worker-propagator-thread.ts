/**
 * The thread side of the worker propagator (worker-propagator.ts), and the protocol both
 * sides share. Each thread owns one contiguous range of nodes of arrays that live in
 * SharedArrayBuffers, and runs velocity Verlet on it with the same per-node arithmetic, in
 * the same order, as velocity-verlet.ts, so results agree bit for bit:
 *   acceleration(t₀);  per step: barrier, kick+drift+clamp, barrier, acceleration(t+dt)+kick.
 * The clamp of node i reads only ψᵢ, so it joins the drift; the second kick of node i reads
 * only aᵢ, so it joins the acceleration (after the emitters, as in the reference). The
 * barriers keep a thread from moving ψ of its range while another still reads it.
 *
 * Protocol (an Int32Array over a SharedArrayBuffer, slots in {@link controlSlot}): the main
 * thread posts a {@link WaveWorkerJob} on each thread's port, bumps `job` and notifies; the
 * threads take the job with receiveMessageOnPort (they never return to their event loop),
 * run it, and the last to finish notifies `done`. A thread that throws raises `failed`, posts
 * the message on its port and wakes the others, which abandon the job at their next barrier.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { assert, limits } from '../core/index.ts';
import { accelerationRangeInto, addEmittersInto, type AccelerationArrays } from './acceleration-kernel.ts';
import { nonaryAmplitudeMax, type WaveEmitter, type WaveParams } from './wave-params.ts';

/** Slots of the control word array. */
export const controlSlot = {
  /** Job generation: the main thread bumps it to start a job (or to stop). */
  job: 0,
  /** Threads arrived at the current barrier. */
  arrived: 1,
  /** Barrier generation: bumped each time all threads pass a barrier (progress, for the stall watch). */
  barrier: 2,
  /** Threads finished with the current job. */
  done: 3,
  /** 1 once a thread failed. */
  failed: 4,
  /** 1 when the threads are to exit. */
  stop: 5,
} as const;

/** Int32 slots of the control array. */
export const controlSlotCount = 8;

/** The node arrays, all views of SharedArrayBuffers (CSR from the graph, then the state). */
export interface SharedWaveArrays extends AccelerationArrays {
  readonly nodeCount: number;
}

/** One job, as posted to one thread. */
export interface WaveWorkerJob {
  /** New arrays, when the graph changed since the last job; otherwise the thread keeps its own. */
  readonly arrays?: SharedWaveArrays;
  /** This thread's nodes: [first, end). */
  readonly range?: readonly [number, number];
  readonly params: WaveParams;
  readonly steps: number;
  /** Time of the starting state. */
  readonly time: number;
}

/** What the main thread hands each thread at start (workerData). */
export interface WaveWorkerData {
  readonly control: Int32Array;
  readonly port: MessagePort;
  readonly threads: number;
}

/** How often a thread asleep at a barrier looks whether another thread failed. */
const failurePollMs = 50;

/** Thrown inside a thread when another thread failed: the job is abandoned, quietly. */
class JobAbandoned extends Error {}

/**
 * Serves jobs until told to stop. Runs in a worker thread; blocks it between jobs.
 * @param data - the control array, this thread's port and the thread count
 */
export function serveWaveWorker(data: WaveWorkerData): void {
  const { control, port, threads } = data;
  let seen = Atomics.load(control, controlSlot.job);
  let arrays: SharedWaveArrays | undefined;
  let range: readonly [number, number] = [0, 0];
  port.postMessage({ ready: true });
  for (;;) {
    Atomics.wait(control, controlSlot.job, seen);
    seen = Atomics.load(control, controlSlot.job);
    if (Atomics.load(control, controlSlot.stop) === 1) break;
    try {
      const received = receiveMessageOnPort(port) as { message: WaveWorkerJob } | undefined;
      assert(received !== undefined, 'a job message precedes its signal');
      const job = received.message;
      arrays = job.arrays ?? arrays;
      range = job.range ?? range;
      assert(arrays !== undefined, 'the first job carries the arrays');
      runJob(arrays, range, job, { control, threads });
    } catch (error) {
      if (!(error instanceof JobAbandoned)) {
        port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        Atomics.store(control, controlSlot.failed, 1);
        Atomics.notify(control, controlSlot.barrier);
      }
    }
    if (Atomics.add(control, controlSlot.done, 1) + 1 === threads) Atomics.notify(control, controlSlot.done);
  }
  port.close();
}

interface Sync {
  readonly control: Int32Array;
  readonly threads: number;
}

/** The job's constants, computed once per job exactly as velocity-verlet.ts computes them. */
interface Kernel {
  readonly cBoostSquared: number;
  readonly alpha: number;
  readonly beta: number;
  readonly dt: number;
  readonly halfDt: number;
  readonly amplitudeMax: number;
  /** Emitters on this thread's nodes, in the params' order. */
  readonly emitters: readonly WaveEmitter[];
}

function runJob(arrays: SharedWaveArrays, range: readonly [number, number], job: WaveWorkerJob, sync: Sync): void {
  const [first, end] = range;
  const { params } = job;
  const boost = 1 + (params.norepinephrine ?? 0);
  const kernel: Kernel = {
    cBoostSquared: params.c * params.c * boost * boost,
    alpha: params.alpha, beta: params.beta,
    dt: params.dt, halfDt: params.dt / 2,
    amplitudeMax: params.amplitudeMax ?? nonaryAmplitudeMax,
    emitters: (params.emitters ?? []).filter((emitter) => emitter.node >= first && emitter.node < end),
  };
  accelerationRange(arrays, first, end, kernel, job.time);
  let time = job.time;
  for (let step = 0; step < job.steps; step++) {
    barrier(sync);
    kickDriftClampRange(arrays, first, end, kernel);
    barrier(sync);
    accelerationRange(arrays, first, end, kernel, time + kernel.dt);
    kickRange(arrays, first, end, kernel);
    time += kernel.dt;
  }
}

/** Waits until every thread has arrived; the last to arrive opens the barrier. */
function barrier({ control, threads }: Sync): void {
  const generation = Atomics.load(control, controlSlot.barrier);
  if (Atomics.add(control, controlSlot.arrived, 1) === threads - 1) {
    Atomics.store(control, controlSlot.arrived, 0);
    Atomics.add(control, controlSlot.barrier, 1);
    Atomics.notify(control, controlSlot.barrier);
    return;
  }
  // Spinning first: a half-step on a small graph is shorter than a futex round trip.
  for (let spin = 0; spin < limits.waveBarrierSpinsMax; spin++) {
    if (Atomics.load(control, controlSlot.barrier) !== generation) return;
  }
  while (Atomics.load(control, controlSlot.barrier) === generation) {
    if (Atomics.load(control, controlSlot.failed) === 1) throw new JobAbandoned();
    // A bounded sleep: a failure raised just after the check above would not wake us.
    Atomics.wait(control, controlSlot.barrier, generation, failurePollMs);
  }
}

/** v ← v + ½dt·a;  ψ ← clamp(ψ + dt·v), on nodes [first, end). */
function kickDriftClampRange(arrays: SharedWaveArrays, first: number, end: number, kernel: Kernel): void {
  const { psiRe, psiIm, vRe, vIm, aRe, aIm } = arrays;
  const { halfDt, dt, amplitudeMax } = kernel;
  const limitSquared = amplitudeMax * amplitudeMax;
  for (let i = first; i < end; i++) {
    const vr = vRe[i]! + halfDt * aRe[i]!, vi = vIm[i]! + halfDt * aIm[i]!;
    vRe[i] = vr; vIm[i] = vi;
    const pr = psiRe[i]! + dt * vr, pi = psiIm[i]! + dt * vi;
    const squared = pr * pr + pi * pi;
    if (squared > limitSquared) {
      const scale = amplitudeMax / Math.sqrt(squared);
      psiRe[i] = pr * scale;
      psiIm[i] = pi * scale;
    } else {
      psiRe[i] = pr;
      psiIm[i] = pi;
    }
  }
}

/** a ← A(ψ, v, t) on nodes [first, end), emitters included (the reference's kernel). */
function accelerationRange(arrays: SharedWaveArrays, first: number, end: number, kernel: Kernel, time: number): void {
  accelerationRangeInto(arrays, { first, end }, kernel);
  addEmittersInto(arrays, kernel.emitters, time);
}

/** v ← v + ½dt·a on nodes [first, end). */
function kickRange(arrays: SharedWaveArrays, first: number, end: number, kernel: Kernel): void {
  const { vRe, vIm, aRe, aIm } = arrays;
  const { halfDt } = kernel;
  for (let i = first; i < end; i++) {
    vRe[i] = vRe[i]! + halfDt * aRe[i]!;
    vIm[i] = vIm[i]! + halfDt * aIm[i]!;
  }
}
