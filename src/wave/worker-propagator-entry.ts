/**
 * The module each worker propagator thread runs (worker-propagator.ts starts it under tsx):
 * it serves jobs until the propagator closes.
 */
import { workerData } from 'node:worker_threads';
import { serveWaveWorker, type WaveWorkerData } from './worker-propagator-thread.ts';

serveWaveWorker(workerData as WaveWorkerData);
