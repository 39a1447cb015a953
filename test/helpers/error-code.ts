/**
 * The outcome of running untrusted input through a decoder, for fuzz and bad-input tests:
 * undefined when it returned, the NoctemError's code when it refused the input, and a
 * `foreign: …` string for anything else (a crash the test should fail on).
 */
import { isNoctemError } from '../../src/core/index.ts';

/**
 * Runs `run` and names how it ended.
 * @param run - the call under test
 */
export function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return isNoctemError(error) ? error.code : `foreign: ${String(error)}`;
  }
}

/**
 * Awaits `run` and names how it ended, like {@link codeOf}.
 * @param run - the asynchronous call under test
 */
export async function codeOfAsync(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return isNoctemError(error) ? error.code : `foreign: ${String(error)}`;
  }
}
