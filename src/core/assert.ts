/**
 * Assertions for bugs (STYLE.md rule 5). A failed assertion throws `AssertionError`, which
 * is not a `NoctemError` and is never caught by business code: LMDB aborts the enclosing
 * transaction and the CLI exits 2 with `error[INTERNAL]`.
 */
import { AssertionError } from 'node:assert';

/**
 * Throws `AssertionError` when `condition` is false.
 * @param condition - the invariant that must hold
 * @param message - what was expected, for the bug report
 */
export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError({ message });
}

/** Marks a branch the type system proves unreachable. */
export function unreachable(value: never): never {
  throw new AssertionError({ message: `unreachable: ${String(value)}` });
}
