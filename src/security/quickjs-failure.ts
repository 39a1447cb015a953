/**
 * How a QuickJS run's failures become `NoctemError`s: the interrupt handler's reason (cpu,
 * wall, kill), QuickJS's own exceptions (`InternalError: out of memory`, `InternalError:
 * stack overflow`), the skill's errors, and traps of the WebAssembly instance itself (V8's
 * stack overflow, a wasm trap), after which the instance is dropped, never reused.
 */
import { NoctemError } from '../core/index.ts';
import { wasmApi } from './quickjs-wasm.ts';

/** A resource limit a run can exceed (`details.limit` of SKILL_LIMIT_EXCEEDED). */
export type SkillLimit = 'memory' | 'cpu' | 'wall' | 'stack' | 'output';

/** Why the interrupt handler stopped the VM. */
export type InterruptReason = 'cpu' | 'wall';

/**
 * SKILL_LIMIT_EXCEEDED naming `limit`.
 * @param limit - the limit exceeded
 * @param message - what happened, in the error grammar
 */
export function limitExceeded(limit: SkillLimit, message: string): NoctemError {
  return new NoctemError('SKILL_LIMIT_EXCEEDED', message, { details: { limit } });
}

/** SKILL_KILLED: the run's signal aborted. */
export function killed(): NoctemError {
  return new NoctemError('SKILL_KILLED', 'Cannot finish the skill: the kill switch stopped it');
}

/**
 * SKILL_FAILED carrying what the skill reported.
 * @param message - what went wrong, in the error grammar
 * @param skillError - the skill's own error text, already truncated
 */
export function skillFailed(message: string, skillError?: string): NoctemError {
  return new NoctemError('SKILL_FAILED', message, skillError === undefined ? {} : { details: { skillError } });
}

/**
 * The error for an interrupt.
 * @param reason - what the interrupt handler saw
 * @param limitMs - the cpu or wall limit, for the message
 */
export function interruptError(reason: InterruptReason, limitMs: number): NoctemError {
  const what = reason === 'cpu' ? 'CPU time' : 'wall-clock time';
  return limitExceeded(reason, `Cannot finish the skill: it used more than ${limitMs} ms of ${what}`);
}

/**
 * Maps an exception that left the skill (and no interrupt explains) to an error.
 * @param text - `"<name>: <message>"` of the exception, or `undefined` when it could not be read
 * @param memoryFull - whether the instance's memory is at its maximum
 */
export function vmFailure(text: string | undefined, memoryFull: boolean): NoctemError {
  // With memory exhausted QuickJS may fail to build its own error and throw null instead.
  if (text === 'InternalError: out of memory' || (memoryFull && (text === undefined || text === 'null'))) {
    return limitExceeded('memory', 'Cannot finish the skill: it ran out of its memory limit');
  }
  // JSON.parse and the parser report their stack overflow as a SyntaxError.
  if (text === 'InternalError: stack overflow' || text === 'SyntaxError: stack overflow') {
    return limitExceeded('stack', 'Cannot finish the skill: it overflowed its stack');
  }
  // The interrupt handler returns true without a reason of ours only when the handler
  // itself failed, which happens when V8's own stack is exhausted beneath deep recursion.
  if (text === 'InternalError: interrupted') {
    return limitExceeded('stack', 'Cannot finish the skill: it overflowed the host stack');
  }
  return skillFailed('The skill threw an error', text ?? '<unreadable error>');
}

/**
 * Maps an exception thrown by the WebAssembly instance into the host (not a VM exception).
 * @param error - what the ffi call threw
 * @param memoryFull - whether the instance's memory is at its maximum
 * @returns the error, or `undefined` when `error` is not a trap of the instance
 */
export function instanceTrap(error: unknown, memoryFull: boolean): NoctemError | undefined {
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return limitExceeded('stack', 'Cannot finish the skill: it overflowed the host stack');
  }
  if (error instanceof wasmApi.RuntimeError) {
    if (memoryFull) return limitExceeded('memory', 'Cannot finish the skill: it ran out of its memory limit');
    return skillFailed('The skill stopped the QuickJS engine', error.message.slice(0, 200));
  }
  return undefined;
}
