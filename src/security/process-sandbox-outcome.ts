/**
 * How a process-tier run's ending becomes a `NoctemError` (pure). The child's own report of
 * a failure is the skill's word, so it decides only how the skill's failure is named, never
 * anything about the host; a child that dies without a result is read from its exit status
 * and the tail of its stderr (V8's fatal out-of-memory report).
 */
import { NoctemError } from '../core/index.ts';

/** A resource limit a run can exceed (`details.limit` of SKILL_LIMIT_EXCEEDED). */
export type ProcessSkillLimit = 'memory' | 'cpu' | 'wall' | 'stack' | 'output';

/** Characters of the skill's error text that SKILL_FAILED carries in `details.skillError`, at most. */
export const skillErrorCharsMax = 2_000;

/** How the child process ended. */
export interface ChildExit {
  /** Exit code (bwrap and runsc report a signal as 128 + its number), or null. */
  readonly code: number | null;
  /** The signal that ended the process we spawned, or null. */
  readonly signal: NodeJS.Signals | null;
  /** The last bytes of its stderr and stdout, as text. */
  readonly outputTail: string;
  /** Whether the runner had said it was ready (the skill may have run). */
  readonly ready: boolean;
}

const sigxcpuExit = 128 + 24;
const outOfMemoryText = /heap out of memory|Fatal process out of memory|Reached heap limit|allocation failed/i;

/**
 * SKILL_LIMIT_EXCEEDED naming `limit`.
 * @param limit - the limit exceeded
 * @param message - what happened, in the error grammar
 */
export function processLimitExceeded(limit: ProcessSkillLimit, message: string): NoctemError {
  return new NoctemError('SKILL_LIMIT_EXCEEDED', message, { details: { limit } });
}

/**
 * The error for a failure the skill reported (it threw or rejected, or its output was not JSON).
 * @param name - the error's name as reported
 * @param message - its message as reported
 * @param outputBytesMax - the run's output limit, which also caps the text kept
 */
export function skillReportedError(name: string, message: string, outputBytesMax: number): NoctemError {
  if (name === 'RangeError' && /Maximum call stack size exceeded/.test(message)) {
    return processLimitExceeded('stack', 'Cannot finish the skill: it overflowed its stack');
  }
  if (name === 'RangeError' && outOfMemoryText.test(message)) {
    return processLimitExceeded('memory', 'Cannot finish the skill: it ran out of its memory limit');
  }
  const skillError = `${name}: ${message}`.slice(0, Math.min(skillErrorCharsMax, outputBytesMax));
  return new NoctemError('SKILL_FAILED', 'The skill threw an error', { details: { skillError } });
}

/**
 * The error for a child that ended without sending a result.
 * @param exit - how it ended
 * @param tier - the tier's name, for the message
 */
export function childExitError(exit: ChildExit, tier: string): NoctemError {
  const status = exit.signal ?? `exit ${String(exit.code)}`;
  // V8 reports a full heap on stderr before it aborts; an abort alone (process.abort()) is not memory.
  if (outOfMemoryText.test(exit.outputTail)) {
    return processLimitExceeded('memory', 'Cannot finish the skill: it ran out of its memory limit');
  }
  if (exit.code === sigxcpuExit || exit.signal === 'SIGXCPU') {
    return processLimitExceeded('cpu', 'Cannot finish the skill: it used up its CPU time (RLIMIT_CPU)');
  }
  const tail = exit.outputTail.trim().slice(-skillErrorCharsMax);
  if (!exit.ready) {
    return new NoctemError('SANDBOX_UNAVAILABLE', `Cannot start the ${tier} sandbox (${status}): ${tail.split('\n').slice(-3).join(' ')}`, {
      details: { status, output: tail },
    });
  }
  return new NoctemError('SKILL_FAILED', `The skill's process ended (${status}) without a result`, {
    details: { skillError: tail === '' ? status : tail },
  });
}
