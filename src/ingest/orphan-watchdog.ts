/**
 * Kills this worker process when its parent dies. The IPC 'disconnect' event cannot be
 * relied on: a worker stuck in a parser loop never returns to its event loop to hear it,
 * and would spin on as an orphan until its CPU limit. A small thread with its own event
 * loop polls the parent pid instead and SIGKILLs the process when it changes (the orphan
 * was re-parented).
 */
import { Worker } from 'node:worker_threads';

/** How often the watchdog thread looks at the parent pid, in ms. */
const pollIntervalMs = 500;

const watchdogSource = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.parentPid) process.kill(process.pid, 'SIGKILL');
}, workerData.pollIntervalMs);
`;

/**
 * Starts the watchdog thread for the current process. It does not keep the process alive.
 * @returns the thread, so callers may terminate it
 */
export function startOrphanWatchdog(): Worker {
  const thread = new Worker(watchdogSource, { eval: true, workerData: { parentPid: process.ppid, pollIntervalMs } });
  thread.unref();
  return thread;
}
