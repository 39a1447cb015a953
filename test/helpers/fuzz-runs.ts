/**
 * How many cases a fuzz property runs: a few hundred in `npm test`, and the slow suite's count
 * under NOCTEM_SLOW=1 (`npm run test:slow`, issue 5: at least 10,000 mutated `.nik` and GGUF
 * files).
 */

/** The slow suite's default number of cases per fuzz property. */
export const slowFuzzRuns = 10_000;

/**
 * The number of cases for one fuzz property.
 * @param fast - cases in the ordinary suite
 * @param slow - cases when NOCTEM_SLOW=1
 * @returns `slow` under NOCTEM_SLOW=1, else `fast`
 */
export function fuzzRuns(fast: number, slow: number = slowFuzzRuns): number {
  return process.env['NOCTEM_SLOW'] === '1' ? slow : fast;
}
