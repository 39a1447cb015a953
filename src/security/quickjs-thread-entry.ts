/**
 * The module a QuickJS sandbox thread runs (quickjs-worker.ts starts it under tsx): it serves
 * skill runs until the sandbox terminates it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { assert } from '../core/index.ts';
import type { QuickJsThreadData } from './quickjs-protocol.ts';
import { serveQuickJsThread } from './quickjs-thread.ts';

assert(parentPort !== null, 'quickjs-thread-entry.ts runs in a worker thread');
await serveQuickJsThread(parentPort, workerData as QuickJsThreadData);
