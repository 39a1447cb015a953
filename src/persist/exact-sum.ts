/**
 * Exact sums of doubles (Shewchuk, "Adaptive Precision Floating-Point Arithmetic and Fast
 * Robust Geometric Predicates", 1997; the algorithm of Python's `math.fsum`). A sum is kept as
 * a list of non-overlapping partials whose exact total is the exact sum of every double added
 * so far, subtractions included; {@link exactSumValue} rounds that total correctly (to nearest,
 * ties to even). The value therefore depends only on the multiset of numbers added, never on
 * their order or on how the sum was reached, which is what lets a differential checkpoint keep
 * the whole memory's energy checksum by adding a changed node's new energy and subtracting its
 * old one, and lets a restore recompute the very same double from the nodes alone.
 */
import { assert } from '../core/index.ts';

/**
 * Adds `value` to the exact sum held in `partials` (in place).
 * @param partials - the partials of a sum (start with `[]`); kept non-overlapping, ascending in magnitude
 * @param value - a finite double (negative to subtract)
 */
export function exactSumAdd(partials: number[], value: number): void {
  assert(Number.isFinite(value), 'an exact sum adds finite numbers');
  let x = value;
  let kept = 0;
  for (let i = 0; i < partials.length; i++) {
    let y = partials[i]!;
    if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[kept++] = lo;
    x = hi;
  }
  assert(Number.isFinite(x), 'an exact sum stays within the double range');
  partials.length = kept;
  partials.push(x);
}

/**
 * The correctly rounded value of an exact sum (CPython's `math_fsum` final step).
 * @param partials - partials built by {@link exactSumAdd}
 * @returns the double nearest the exact sum (ties to even); 0 for no partials
 */
export function exactSumValue(partials: readonly number[]): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n]!;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  // Round half to even across partials: when the rest lies exactly halfway and more partials
  // below push the same way, the sum is past halfway.
  const below = n > 0 ? partials[n - 1]! : 0;
  if ((lo < 0 && below < 0) || (lo > 0 && below > 0)) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}

/**
 * The correctly rounded sum of `values`.
 * @param values - finite doubles
 */
export function exactSum(values: Iterable<number>): number {
  const partials: number[] = [];
  for (const value of values) exactSumAdd(partials, value);
  return exactSumValue(partials);
}
