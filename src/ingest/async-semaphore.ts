/**
 * A counting semaphore for async code: at most `permits` holders at once, waiters served
 * in arrival order. The worker pool uses it to bound jobs in flight. Pure.
 */
import { assert } from '../core/index.ts';

/** The semaphore. Invariant: 0 <= permits in use <= the permit count. */
export class AsyncSemaphore {
  readonly #waiters: (() => void)[] = [];
  #free: number;

  /** @param permits - how many may hold it at once (>= 1) */
  constructor(permits: number) {
    assert(Number.isSafeInteger(permits) && permits >= 1, 'semaphore permits are a positive integer');
    this.#free = permits;
  }

  /** Waits for a permit. */
  async acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** Returns a permit, handing it straight to the next waiter if there is one. */
  release(): void {
    const next = this.#waiters.shift();
    if (next !== undefined) next();
    else this.#free += 1;
  }
}
