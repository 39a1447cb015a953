/**
 * Spawns `test/helpers/home-worker.ts` as a child process (see that file for its modes)
 * and follows its progress lines, for the concurrency and SIGKILL tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** A running worker. */
export interface Worker {
  readonly child: ChildProcess;
  /** Resolves once the worker has loaded its modules and is about to work. */
  readonly started: Promise<void>;
  /** Resolves with the exit code (null when killed) and the output. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Steps finished so far (`done N` lines). */
  steps(): number;
}

/**
 * Starts a worker: `node --import tsx test/helpers/home-worker.ts ...args`.
 * @param args - the worker's mode and arguments
 */
export function spawnWorker(args: readonly string[]): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'helpers', 'home-worker.ts'), ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? root },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let steps = 0;
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((done) => {
    markStarted = done;
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('started\n')) markStarted();
    steps = (stdout.match(/^done \d+$/gm) ?? []).length;
  });
  child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((done) => {
    child.on('close', (code, signal) => {
      markStarted();
      done({ code, signal, stdout, stderr });
    });
  });
  return { child, started, exited, steps: () => steps };
}
