/**
 * Compensated summation (Kahan–Babuška–Neumaier): sums long runs of floats with an error
 * bound independent of the count, so energy totals over a million nodes do not drift
 * because of the order of addition (spec §5.4, D3).
 */

/** A running compensated sum. Invariant: `sum + compensation` is the best estimate. */
export interface KahanSum {
  /** The rounded running sum. */
  sum: number;
  /** The accumulated low-order error not yet folded into `sum`. */
  compensation: number;
}

/** A fresh compensated sum at zero. */
export function kahanSum(): KahanSum {
  return { sum: 0, compensation: 0 };
}

/**
 * Adds `value` to `acc` (Neumaier's variant: correct even when |value| > |sum|).
 * @param acc - the accumulator, updated in place
 * @param value - the term to add
 */
export function kahanAdd(acc: KahanSum, value: number): void {
  const total = acc.sum + value;
  if (Math.abs(acc.sum) >= Math.abs(value)) acc.compensation += acc.sum - total + value;
  else acc.compensation += value - total + acc.sum;
  acc.sum = total;
}

/**
 * The value of a compensated sum.
 * @param acc - the accumulator
 */
export function kahanValue(acc: KahanSum): number {
  return acc.sum + acc.compensation;
}

/**
 * The compensated sum of an array.
 * @param values - the terms
 */
export function kahanSumOf(values: ArrayLike<number>): number {
  const acc = kahanSum();
  for (let i = 0; i < values.length; i++) kahanAdd(acc, values[i]!);
  return kahanValue(acc);
}
