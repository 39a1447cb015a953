/**
 * Renders errors: `error[CODE]: message` and `hint: …` on stderr, or under --json the
 * body `{"error":{code,message,hint,details}}` on stdout. Bugs render as INTERNAL.
 */
import { isNoctemError } from '../core/index.ts';
import type { Writer } from './command.ts';

/** Exit code for the user's errors. */
export const exitUserError = 1;
/** Exit code for internal failures (bugs). */
export const exitInternalError = 2;

/**
 * Writes `error` and returns the exit code: 1 for a `NoctemError`, 2 for anything else.
 * @param error - what was thrown
 * @param out - stdout and stderr, and whether --json is on
 */
export function renderError(error: unknown, out: { stdout: Writer; stderr: Writer; json: boolean }): number {
  if (isNoctemError(error)) {
    if (out.json) out.stdout.write(`${JSON.stringify({ error: error.toJSON() })}\n`);
    else out.stderr.write(`error[${error.code}]: ${error.message}\nhint: ${error.hint}\n`);
    return exitUserError;
  }
  const message = error instanceof Error ? error.message : String(error);
  const hint = 'This is a bug in Noctem; please report it with the command you ran.';
  if (out.json) {
    out.stdout.write(`${JSON.stringify({ error: { code: 'INTERNAL', message, hint, details: {} } })}\n`);
  } else {
    out.stderr.write(`error[INTERNAL]: ${message}\nhint: ${hint}\n`);
  }
  if (error instanceof Error && error.stack !== undefined && process.env['NOCTEM_DEBUG'] === '1') {
    out.stderr.write(`${error.stack}\n`);
  }
  return exitInternalError;
}
