/**
 * Polling with a bounded timeout, for tests that wait on something outside their control
 * (a file watcher's events): checks `condition` every `intervalMs` until it holds, and
 * fails with `what` once `timeoutMs` has passed. Never a fixed sleep.
 */

/** Options for {@link waitFor}. */
export interface WaitForOptions {
  /** @default 15_000 */
  readonly timeoutMs?: number;
  /** @default 50 */
  readonly intervalMs?: number;
}

/**
 * Resolves once `condition()` returns true (or a promise of true).
 * @throws {Error} naming `what` when the timeout passes first
 */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, options: WaitForOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
