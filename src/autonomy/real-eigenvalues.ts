/**
 * Eigenvalues of a small general (non-symmetric) real matrix, for the stability check of the
 * drive coupling matrix (D6). The classic EISPACK pipeline: balance (scale rows and columns by
 * powers of two so their norms match, which keeps rounding relative to each row's own scale),
 * reduce to upper Hessenberg form by stabilised elementary similarity transforms, then run the
 * Francis double-shift QR iteration with deflation (EISPACK hqr, as in Numerical Recipes §11.5
 * and §11.6). core/symmetric-eigen.ts cannot serve: coupling matrices are not symmetric and may
 * have complex eigenvalues.
 */
import { assert, limits } from '../core/index.ts';

/** A dense square matrix as rows. */
export type RealMatrix = readonly (readonly number[])[];

/** One eigenvalue re + i·im. Complex eigenvalues come in conjugate pairs. */
export interface Eigenvalue {
  readonly re: number;
  readonly im: number;
}

/**
 * The n eigenvalues of a real n×n matrix, sorted by real part descending (then by imaginary
 * part descending), so the first one's real part is the spectral abscissa.
 * @param matrix - n×n finite entries, 1 ≤ n ≤ limits.couplingMatrixSizeMax
 * @returns n eigenvalues with their multiplicities
 */
export function realEigenvalues(matrix: RealMatrix): Eigenvalue[] {
  const n = matrix.length;
  assert(n >= 1 && n <= limits.couplingMatrixSizeMax, 'a small non-empty matrix');
  assert(matrix.every((row) => row.length === n && row.every(Number.isFinite)), 'a square matrix of finite entries');
  // 1-based working copy, as in the EISPACK algorithms this follows.
  const a = Array.from({ length: n + 1 }, (_, i) => new Float64Array(n + 1).map((_, j) => (i > 0 && j > 0 ? matrix[i - 1]![j - 1]! : 0)));
  balance(a, n);
  toHessenberg(a, n);
  const values = hessenbergQr(a, n);
  return values.sort((x, y) => y.re - x.re || y.im - x.im);
}

/** Scales rows and columns by powers of two (exact) so each row and column norm match. */
function balance(a: Float64Array[], n: number): void {
  const radix = 2;
  let done = false;
  for (let sweep = 0; !done; sweep++) {
    assert(sweep < limits.eigenBalanceSweepsMax, 'balancing converges within limits.eigenBalanceSweepsMax sweeps');
    done = true;
    for (let i = 1; i <= n; i++) {
      let c = 0, r = 0;
      for (let j = 1; j <= n; j++) {
        if (j === i) continue;
        c += Math.abs(a[j]![i]!);
        r += Math.abs(a[i]![j]!);
      }
      if (c === 0 || r === 0) continue;
      const s = c + r;
      let f = 1;
      // Each loop moves c by a factor of 4 toward r; finite doubles bound them to ~1100 turns.
      while (c < r / radix) { f *= radix; c *= radix * radix; }
      while (c > r * radix) { f /= radix; c /= radix * radix; }
      if ((c + r) / f < 0.95 * s) {
        done = false;
        for (let j = 1; j <= n; j++) a[i]![j]! /= f;
        for (let j = 1; j <= n; j++) a[j]![i]! *= f;
      }
    }
  }
}

/** Reduces to upper Hessenberg form by Gaussian similarity transforms with pivoting. */
function toHessenberg(a: Float64Array[], n: number): void {
  for (let m = 2; m < n; m++) {
    let x = 0, pivot = m;
    for (let j = m; j <= n; j++) {
      if (Math.abs(a[j]![m - 1]!) > Math.abs(x)) { x = a[j]![m - 1]!; pivot = j; }
    }
    if (pivot !== m) {
      for (let j = m - 1; j <= n; j++) [a[pivot]![j], a[m]![j]] = [a[m]![j]!, a[pivot]![j]!];
      for (let j = 1; j <= n; j++) [a[j]![pivot], a[j]![m]] = [a[j]![m]!, a[j]![pivot]!];
    }
    if (x === 0) continue;
    for (let i = m + 1; i <= n; i++) {
      const y = a[i]![m - 1]! / x;
      if (y === 0) continue;
      a[i]![m - 1] = 0;
      for (let j = m; j <= n; j++) a[i]![j]! -= y * a[m]![j]!;
      for (let j = 1; j <= n; j++) a[j]![m]! += y * a[j]![i]!;
    }
  }
}

/** Mutable state of one double-shift QR sweep (Numerical Recipes' x, y, w and the shift sum t). */
interface Shift { x: number; y: number; w: number; t: number }

/** Francis double-shift QR on an upper Hessenberg matrix; returns its eigenvalues. */
function hessenbergQr(a: Float64Array[], n: number): Eigenvalue[] {
  const values: Eigenvalue[] = [];
  let anorm = 0;
  for (let i = 1; i <= n; i++) for (let j = Math.max(i - 1, 1); j <= n; j++) anorm += Math.abs(a[i]![j]!);
  let nn = n;
  const shift: Shift = { x: 0, y: 0, w: 0, t: 0 };
  for (let its = 0; nn >= 1;) {
    const l = smallSubdiagonal(a, nn, anorm);
    const x = a[nn]![nn]!;
    if (l === nn) { // one real eigenvalue splits off
      values.push({ re: x + shift.t, im: 0 });
      nn -= 1; its = 0;
      continue;
    }
    const y = a[nn - 1]![nn - 1]!;
    const w = a[nn]![nn - 1]! * a[nn - 1]![nn]!;
    if (l === nn - 1) { // a 2×2 block splits off
      values.push(...twoByTwo(x + shift.t, y + shift.t, w));
      nn -= 2; its = 0;
      continue;
    }
    assert(its < limits.eigenQrIterationsPerValueMax, 'QR converges within limits.eigenQrIterationsPerValueMax iterations per eigenvalue');
    Object.assign(shift, { x, y, w });
    if (its === 10 || its === 20) exceptionalShift(a, nn, shift);
    its += 1;
    qrSweep(a, nn, l, shift);
  }
  return values;
}

/** The largest l ≤ nn whose subdiagonal entry a[l][l−1] is negligible (1 when none is). */
function smallSubdiagonal(a: Float64Array[], nn: number, anorm: number): number {
  for (let l = nn; l >= 2; l--) {
    let s = Math.abs(a[l - 1]![l - 1]!) + Math.abs(a[l]![l]!);
    if (s === 0) s = anorm;
    if (Math.abs(a[l]![l - 1]!) <= Number.EPSILON * s) {
      a[l]![l - 1] = 0;
      return l;
    }
  }
  return 1;
}

/** The eigenvalues of [[y, b], [c, x]] with w = b·c (diagonal already shifted back). */
function twoByTwo(x: number, y: number, w: number): Eigenvalue[] {
  const p = 0.5 * (y - x);
  const q = p * p + w;
  const z = Math.sqrt(Math.abs(q));
  if (q < 0) return [{ re: x + p, im: z }, { re: x + p, im: -z }];
  const zs = p + (p >= 0 ? z : -z);
  // x + zs and x − w/zs: the product form avoids cancellation in the smaller root.
  return [{ re: x + zs, im: 0 }, { re: zs !== 0 ? x - w / zs : x + zs, im: 0 }];
}

/** The ad hoc shift of iterations 10 and 20, which breaks the rare cycles of the Francis shift. */
function exceptionalShift(a: Float64Array[], nn: number, shift: Shift): void {
  shift.t += shift.x;
  for (let i = 1; i <= nn; i++) a[i]![i]! -= shift.x;
  const s = Math.abs(a[nn]![nn - 1]!) + Math.abs(a[nn - 1]![nn - 2]!);
  shift.x = 0.75 * s;
  shift.y = 0.75 * s;
  shift.w = -0.4375 * s * s;
}

/** One implicit double-shift QR sweep over rows l..nn (Householder reflections of order 3). */
function qrSweep(a: Float64Array[], nn: number, l: number, shift: Shift): void {
  let { x, y } = shift;
  const w = shift.w;
  let m = nn - 2, p = 0, q = 0, r = 0, z = 0;
  for (; m >= l; m--) { // look for two consecutive small subdiagonal elements
    z = a[m]![m]!;
    r = x - z;
    const s0 = y - z;
    p = (r * s0 - w) / a[m + 1]![m]! + a[m]![m + 1]!;
    q = a[m + 1]![m + 1]! - z - r - s0;
    r = a[m + 2]![m + 1]!;
    const s = Math.abs(p) + Math.abs(q) + Math.abs(r);
    p /= s; q /= s; r /= s;
    if (m === l) break;
    const u = Math.abs(a[m]![m - 1]!) * (Math.abs(q) + Math.abs(r));
    const v = Math.abs(p) * (Math.abs(a[m - 1]![m - 1]!) + Math.abs(z) + Math.abs(a[m + 1]![m + 1]!));
    if (u <= Number.EPSILON * v) break;
  }
  for (let i = m + 2; i <= nn; i++) {
    a[i]![i - 2] = 0;
    if (i !== m + 2) a[i]![i - 3] = 0;
  }
  for (let k = m; k <= nn - 1; k++) {
    if (k !== m) {
      p = a[k]![k - 1]!;
      q = a[k + 1]![k - 1]!;
      r = k !== nn - 1 ? a[k + 2]![k - 1]! : 0;
      x = Math.abs(p) + Math.abs(q) + Math.abs(r);
      if (x !== 0) { p /= x; q /= x; r /= x; }
    }
    const norm = Math.sqrt(p * p + q * q + r * r);
    const s = p >= 0 ? norm : -norm;
    if (s === 0) continue;
    if (k === m) {
      if (l !== m) a[k]![k - 1] = -a[k]![k - 1]!;
    } else {
      a[k]![k - 1] = -s * x;
    }
    p += s;
    x = p / s; y = q / s; z = r / s;
    q /= p; r /= p;
    for (let j = k; j <= nn; j++) { // rows k..k+2
      p = a[k]![j]! + q * a[k + 1]![j]!;
      if (k !== nn - 1) { p += r * a[k + 2]![j]!; a[k + 2]![j]! -= p * z; }
      a[k + 1]![j]! -= p * y;
      a[k]![j]! -= p * x;
    }
    for (let i = l, iMax = Math.min(nn, k + 3); i <= iMax; i++) { // columns k..k+2
      p = x * a[i]![k]! + y * a[i]![k + 1]!;
      if (k !== nn - 1) { p += z * a[i]![k + 2]!; a[i]![k + 2]! -= p * r; }
      a[i]![k + 1]! -= p * q;
      a[i]![k]! -= p;
    }
  }
}
