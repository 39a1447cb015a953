/**
 * Time as a port, so pure code never reads `Date.now()` and tests replay from a seed.
 */

/** A source of wall-clock time in milliseconds since the Unix epoch. */
export interface Clock {
  /** Milliseconds since the epoch; non-decreasing for one clock. */
  nowMs(): number;
}

/** The real clock. */
export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock that moves only when told: for tests and simulations. */
export class FakeClock implements Clock {
  #nowMs: number;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#nowMs = startMs;
  }

  nowMs(): number {
    return this.#nowMs;
  }

  /** Moves time forward by `deltaMs` (must be >= 0). */
  advance(deltaMs: number): void {
    if (deltaMs < 0) throw new RangeError('FakeClock cannot go back');
    this.#nowMs += deltaMs;
  }
}
