/**
 * The host half of the process tiers, shared by bubblewrap and gVisor: spawns the command a
 * tier built, speaks the runner's protocol over a dedicated channel (fd 3, or fd 0/1 under
 * runsc), answers capability calls through `request.host`, and enforces what the child
 * cannot be trusted with: strict message validation, `skillHostCallsMax` and
 * `skillHostCallsInFlightMax`, the output limit on every line, the exact CPU budget (polling
 * the process tree's CPU time, since RLIMIT_CPU counts whole seconds), the wall clock and
 * the kill switch. Every ending kills the whole process tree with SIGKILL.
 *
 * The child's stdout and stderr are never parsed; their last {@link outputTailBytesMax}
 * bytes only explain a crash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { limits, NoctemError } from '../core/index.ts';
import { childExitError, processLimitExceeded, skillErrorCharsMax, skillReportedError } from './process-sandbox-outcome.ts';
import {
  encodeHostMessage, LineSplitter, parseChildMessage, protocolEnvelopeBytesMax, type ChildMessage, type HostMessage,
} from './process-sandbox-protocol.ts';
import { prepareSandboxWorkDir, releaseSandboxWorkDir, type SandboxWorkDir } from './fs-sandbox-workdir.ts';
import { killProcessTree, listProcessTree, processTreeCpuMs } from './process-tree.ts';
import { hostCallRefusal, type SandboxMethod, type SandboxRunRequest, type SandboxRunResult, type SandboxTier } from './sandbox.ts';

/** Bytes of the child's stdout and stderr kept to explain a crash. */
export const outputTailBytesMax = 4_096;
/** Interval of the CPU-time poll, ms: the CPU limit is exact to about this much. */
export const cpuPollMs = 20;

/** What a tier hands to {@link runProcessSandbox}. */
export interface ProcessLaunch {
  readonly tier: SandboxTier;
  /** Absolute path of the program to spawn. */
  readonly command: string;
  readonly args: readonly string[];
  /** `fd3`: one socket on fd 3; `stdio`: fd 0 to the child, fd 1 from it. */
  readonly channel: 'fd3' | 'stdio';
  /** Environment of the spawned program (the sandbox clears its own). */
  readonly env: Readonly<Record<string, string>>;
  /** SHA-256 of every package file, for the start message. */
  readonly digests: Readonly<Record<string, string>>;
}

type Outcome = { readonly ok: true; readonly output: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * Runs one skill in a spawned sandbox.
 * @param request - the run (its workDir already prepared by the tier)
 * @param launch - the command to spawn
 * @param startedAt - `performance.now()` when `run` was called
 * @throws {NoctemError} SKILL_FAILED, SKILL_LIMIT_EXCEEDED, SKILL_KILLED, SANDBOX_UNAVAILABLE
 */
export function runProcessSandbox(request: SandboxRunRequest, launch: ProcessLaunch, startedAt: number): Promise<SandboxRunResult> {
  if (request.signal?.aborted === true) return Promise.reject(killedError());
  return new ProcessRun(request, launch, startedAt).settled;
}

/**
 * One run of a process tier: writes the package and the runner into `request.workDir`, spawns
 * what `launch` builds for that folder, and removes the folder's contents afterwards.
 * @param request - the run
 * @param runnerSource - sandbox-runner.cjs
 * @param launch - the tier's command for the prepared folder (the file digests are added here)
 * @throws {NoctemError} as {@link runProcessSandbox}, and SKILL_PACKAGE_INVALID
 */
export async function runInWorkDir(
  request: SandboxRunRequest,
  runnerSource: string,
  launch: (workDir: SandboxWorkDir) => Promise<Omit<ProcessLaunch, 'digests'>>,
): Promise<SandboxRunResult> {
  const startedAt = performance.now();
  const workDir = await prepareSandboxWorkDir(request.workDir, request.files, runnerSource);
  try {
    return await runProcessSandbox(request, { ...(await launch(workDir)), digests: workDir.digests }, startedAt);
  } finally {
    await releaseSandboxWorkDir(workDir);
  }
}

class ProcessRun {
  readonly settled: Promise<SandboxRunResult>;
  readonly #request: SandboxRunRequest;
  readonly #launch: ProcessLaunch;
  readonly #startedAt: number;
  readonly #methods: ReadonlySet<SandboxMethod>;
  readonly #splitter: LineSplitter;
  readonly #child: ChildProcess;
  readonly #inFlight = new Set<number>();
  readonly #timers: NodeJS.Timeout[] = [];
  #resolve: (result: SandboxRunResult) => void = () => undefined;
  #reject: (error: unknown) => void = () => undefined;
  #outputTail = '';
  #readyAt: number | undefined;
  #cpuBaseMs = 0;
  #calls = 0;
  #over = false;

  constructor(request: SandboxRunRequest, launch: ProcessLaunch, startedAt: number) {
    this.#request = request;
    this.#launch = launch;
    this.#startedAt = startedAt;
    this.#methods = new Set(request.methods);
    this.#splitter = new LineSplitter(request.limits.outputBytesMax + protocolEnvelopeBytesMax);
    this.settled = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    const stdio = launch.channel === 'fd3' ? ['ignore', 'pipe', 'pipe', 'pipe'] as const : ['pipe', 'pipe', 'pipe'] as const;
    // detached: the sandbox gets its own process group, away from our terminal's signals.
    this.#child = spawn(launch.command, launch.args, { stdio: [...stdio], env: { ...launch.env }, detached: true });
    this.#wire();
  }

  #wire(): void {
    const child = this.#child;
    const [input, output] = this.#channel();
    output.on('data', (chunk: Buffer) => this.#onBytes(chunk));
    input.on('error', () => undefined); // EPIPE once the child is gone; its exit explains the run.
    output.on('error', () => undefined);
    const tail = (chunk: Buffer): void => {
      this.#outputTail = (this.#outputTail + chunk.toString('utf8')).slice(-outputTailBytesMax);
    };
    if (this.#launch.channel === 'fd3') child.stdout?.on('data', tail);
    child.stderr?.on('data', tail);
    child.on('error', (error: NodeJS.ErrnoException) => this.#finish({
      ok: false,
      error: new NoctemError('SANDBOX_UNAVAILABLE', `Cannot start the ${this.#launch.tier} sandbox: ${error.code ?? error.message}`, { cause: error }),
    }));
    child.on('close', (code, signal) => this.#finish({
      ok: false,
      error: childExitError({ code, signal, outputTail: this.#outputTail, ready: this.#readyAt !== undefined }, this.#launch.tier),
    }));
    const { limits: runLimits, signal } = this.#request;
    this.#timers.push(setTimeout(() => this.#onWallTimeout(), Math.max(0, runLimits.wallMsMax - (performance.now() - this.#startedAt))));
    this.#timers.push(setInterval(() => this.#pollCpu(), cpuPollMs));
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    if (signal?.aborted === true) this.#onAbort();
  }

  #channel(): [Writable, Readable] {
    const stdio = this.#child.stdio;
    if (this.#launch.channel === 'fd3') return [stdio[3] as Writable, stdio[3] as Readable];
    return [stdio[0] as Writable, stdio[1] as Readable];
  }

  readonly #onAbort = (): void => {
    this.#finish({ ok: false, error: killedError() });
  };

  /** No skill code runs before ready, so a sandbox that never got there is the tier's failure, not the skill's. */
  #onWallTimeout(): void {
    const { wallMsMax } = this.#request.limits;
    const error = this.#readyAt === undefined
      ? new NoctemError('SANDBOX_UNAVAILABLE', `Cannot start the ${this.#launch.tier} sandbox: it was not ready within ${wallMsMax} ms`, {
        details: { output: this.#outputTail.slice(-skillErrorCharsMax) },
      })
      : processLimitExceeded('wall', `Cannot finish the skill: it ran longer than ${wallMsMax} ms`);
    this.#finish({ ok: false, error });
  }

  #pollCpu(): void {
    if (this.#readyAt === undefined || this.#child.pid === undefined) return;
    const usedMs = processTreeCpuMs(listProcessTree(this.#child.pid)) - this.#cpuBaseMs;
    if (usedMs > this.#request.limits.cpuMsMax) {
      this.#finish({ ok: false, error: processLimitExceeded('cpu', `Cannot finish the skill: it used more than ${this.#request.limits.cpuMsMax} ms of CPU time`) });
    }
  }

  #onBytes(chunk: Buffer): void {
    if (this.#over) return;
    const lines = this.#splitter.push(chunk);
    if (lines === 'overflow') {
      const message = `Cannot finish the skill: it sent a message longer than ${this.#request.limits.outputBytesMax} bytes`;
      this.#finish({ ok: false, error: processLimitExceeded('output', message) });
      return;
    }
    for (const line of lines) {
      const parsed = line === undefined ? { ok: false as const, reason: 'a line is not UTF-8' } : parseChildMessage(line, this.#methods);
      if (!parsed.ok) {
        this.#violation(parsed.reason);
        return;
      }
      this.#onMessage(parsed.message);
      if (this.#over) return;
    }
  }

  #onMessage(message: ChildMessage): void {
    if (message.t === 'ready') {
      if (this.#readyAt !== undefined) return this.#violation('a second ready message');
      this.#readyAt = performance.now();
      if (this.#child.pid !== undefined) this.#cpuBaseMs = processTreeCpuMs(listProcessTree(this.#child.pid));
      const { entry, input, methods, limits: runLimits } = this.#request;
      this.#send({ t: 'start', entry, input, methods, digests: this.#launch.digests, outputBytesMax: runLimits.outputBytesMax });
      return;
    }
    if (this.#readyAt === undefined) return this.#violation(`a ${message.t} message before ready`);
    if (message.t === 'call') return this.#onCall(message.id, message.method, message.args);
    if (!message.ok) {
      this.#finish({ ok: false, error: skillReportedError(message.error.name, message.error.message, this.#request.limits.outputBytesMax) });
      return;
    }
    const text = JSON.stringify(message.value);
    if (Buffer.byteLength(text) > this.#request.limits.outputBytesMax) {
      const error = processLimitExceeded('output', `Cannot finish the skill: its output exceeds ${this.#request.limits.outputBytesMax} bytes of JSON`);
      this.#finish({ ok: false, error });
      return;
    }
    this.#finish({ ok: true, output: message.value });
  }

  #onCall(id: number, method: SandboxMethod, args: readonly unknown[]): void {
    if (this.#inFlight.has(id)) return this.#violation('a call reuses the id of a call in flight');
    const refusal = hostCallRefusal(method, { made: this.#calls, inFlight: this.#inFlight.size });
    if (refusal !== undefined) return this.#replyError(id, 'SKILL_LIMIT_EXCEEDED', refusal);
    this.#calls += 1;
    this.#inFlight.add(id);
    let answer: Promise<unknown>;
    try {
      answer = Promise.resolve(this.#request.host.call({ method, args }));
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (value) => this.#reply(id, value),
      (error: unknown) => {
        if (error instanceof NoctemError) this.#replyError(id, error.code, error.message);
        else this.#finish({ ok: false, error }); // A host bug fails the run; it is not the skill's to see.
      },
    );
  }

  #reply(id: number, value: unknown): void {
    if (this.#over) return;
    this.#inFlight.delete(id);
    this.#send({ t: 'reply', id, ok: true, value: value ?? null });
  }

  #replyError(id: number, code: string, message: string): void {
    if (this.#over) return;
    this.#inFlight.delete(id);
    this.#send({ t: 'reply', id, ok: false, error: { code, message } });
  }

  #send(message: HostMessage): void {
    this.#channel()[0].write(encodeHostMessage(message));
  }

  #violation(reason: string): void {
    this.#finish({ ok: false, error: new NoctemError('SKILL_FAILED', `The skill broke the sandbox protocol: ${reason}`, { details: { skillError: reason } }) });
  }

  #finish(outcome: Outcome): void {
    if (this.#over) return;
    this.#over = true;
    const finishedAt = performance.now();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#request.signal?.removeEventListener('abort', this.#onAbort);
    const pid = this.#child.pid;
    if (pid !== undefined && this.#child.exitCode === null && this.#child.signalCode === null) killProcessTree(pid);
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(closeTimer);
      if (!outcome.ok) return this.#reject(outcome.error);
      const startMs = (this.#readyAt ?? finishedAt) - this.#startedAt;
      this.#resolve({ output: outcome.output, wallMs: finishedAt - this.#startedAt, startMs });
    };
    // Settle once the process is gone (so the caller may remove workDir), but never later
    // than half the kill budget: a child stuck in the kernel must not hold the run.
    const closeTimer = setTimeout(settle, limits.skillKillMsMax / 2);
    if (this.#child.exitCode !== null || this.#child.signalCode !== null || pid === undefined) settle();
    else this.#child.once('close', settle);
  }
}

function killedError(): NoctemError {
  return new NoctemError('SKILL_KILLED', 'Cannot finish the skill: the kill switch stopped it');
}

/**
 * Whether `command` runs here (exits 0 within `timeoutMs`), to tell a missing tool from a
 * failing one before any run.
 * @param command - the program, found on PATH
 * @param args - arguments that make it exit at once (`--version`)
 * @param timeoutMs - how long to wait
 */
export function programRuns(command: string, args: readonly string[], timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}
