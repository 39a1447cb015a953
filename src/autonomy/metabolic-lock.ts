/**
 * Transactional metabolic locks (spec §6.4.2, CF-04): a nap must never split a multi-step
 * job (a document's ingestion, a training epoch, an improvement cycle). Each such job runs
 * inside a lock; a nap first calls {@link MetabolicLocks.waitForLocks}, which closes the gate
 * to new locks and waits until every held lock is released. After the timeout (spec: 5 s) the
 * nap proceeds "forced": the holders still running are reported for the daemon to log and
 * audit, and each forced lock's `signal` aborts so the job can roll back. Jobs that ask for a
 * lock during a nap wait until {@link MetabolicLocks.endNap} (inputs are queued, never dropped).
 *
 * Locks are `Disposable`: `using lock = await locks.acquire('ingestion', path)` releases at the
 * end of the block, on return or throw (TypeScript 5.9 lowers `using`; Node 20 defines
 * `Symbol.dispose`). `release()` is idempotent, so try/finally works the same.
 * No I/O: the only host facility used is a timer for the timeout.
 */
import { assert, limits, NoctemError } from '../core/index.ts';

/** The jobs that must not be split by a nap (spec §6.4.2 "MANDATORY for"). */
export const metabolicLockKinds = ['ingestion', 'training', 'improvement', 'consolidation'] as const;

/** One of {@link metabolicLockKinds}. */
export type MetabolicLockKind = (typeof metabolicLockKinds)[number];

/** Who holds a lock, as logs and audits show it. */
export interface MetabolicLockHolder {
  /** Unique per {@link MetabolicLocks}, increasing in acquisition order. */
  readonly id: number;
  /** The job's kind. */
  readonly kind: MetabolicLockKind;
  /** What the job works on (a file path, an epoch number…). */
  readonly label: string;
}

/** How a nap's wait for locks ended. */
export interface NapGate {
  /** Holders still running when the timeout expired (empty when every lock was released). */
  readonly forced: readonly MetabolicLockHolder[];
}

/** Options for {@link MetabolicLocks.waitForLocks}. */
export interface WaitForLocksOptions {
  /** Longest wait before the nap proceeds forced, 0..limits.napLockWaitMsMax. @default 5000 */
  readonly timeoutMs?: number;
}

/** A held lock. Released by `release()` or at the end of its `using` block. */
export class MetabolicLock implements Disposable {
  /** Who holds it. */
  readonly holder: MetabolicLockHolder;
  readonly #controller = new AbortController();
  readonly #onRelease: (lock: MetabolicLock) => void;
  #released = false;

  /** Made only by {@link MetabolicLocks.acquire}. */
  constructor(holder: MetabolicLockHolder, onRelease: (lock: MetabolicLock) => void) {
    this.holder = holder;
    this.#onRelease = onRelease;
  }

  /** Aborted when a nap proceeded without waiting for this lock: the job should roll back. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True once a nap proceeded without waiting for this lock. */
  get forced(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Releases the lock; later calls do nothing. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#onRelease(this);
  }

  /** Same as {@link release}, for `using`. */
  [Symbol.dispose](): void {
    this.release();
  }

  /** @internal Marks the lock forced; only {@link MetabolicLocks.waitForLocks} calls it. */
  force(): void {
    this.#controller.abort(new NoctemError('NAP_IN_PROGRESS', `A nap proceeded while ${this.holder.kind} "${this.holder.label}" held its metabolic lock`));
  }
}

/** The set of metabolic locks of one Noctem process, and the nap gate. */
export class MetabolicLocks {
  readonly #held = new Map<number, MetabolicLock>();
  #waiters: (() => void)[] = [];
  #napping = false;
  #nextId = 1;
  #onEmpty: (() => void) | undefined;

  /** True from {@link waitForLocks} until {@link endNap}: new locks wait. */
  get napping(): boolean {
    return this.#napping;
  }

  /** The holders of the locks held now, in acquisition order. */
  get held(): readonly MetabolicLockHolder[] {
    return [...this.#held.values()].map((lock) => lock.holder);
  }

  /**
   * A lock for one job; waits while a nap is in progress.
   * @param kind - the job's kind
   * @param label - what the job works on, for logs
   * @returns the held lock
   */
  async acquire(kind: MetabolicLockKind, label: string): Promise<MetabolicLock> {
    assert(metabolicLockKinds.includes(kind), 'the lock kind is known');
    while (this.#napping) {
      assert(this.#waiters.length < limits.metabolicLocksMax, 'jobs waiting for a nap stay under metabolicLocksMax');
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    assert(this.#held.size < limits.metabolicLocksMax, 'held metabolic locks stay under metabolicLocksMax');
    const lock = new MetabolicLock({ id: this.#nextId++, kind, label }, (released) => this.#release(released));
    this.#held.set(lock.holder.id, lock);
    return lock;
  }

  /**
   * Begins a nap: closes the gate to new locks, then waits until every held lock is released
   * or the timeout expires. Forced holders are returned and their locks' signals abort.
   * @param options - the timeout
   * @returns the holders the nap did not wait for
   * @throws {NoctemError} NAP_IN_PROGRESS when a nap has already begun
   * @throws {NoctemError} CONFIG_INVALID when the timeout is out of range
   */
  async waitForLocks(options: WaitForLocksOptions = {}): Promise<NapGate> {
    const timeoutMs = options.timeoutMs ?? 5000;
    if (!(timeoutMs >= 0 && timeoutMs <= limits.napLockWaitMsMax)) {
      throw new NoctemError('CONFIG_INVALID', `Cannot wait ${timeoutMs} ms for metabolic locks: the limit is 0..${limits.napLockWaitMsMax}`, { details: { timeoutMs } });
    }
    if (this.#napping) throw new NoctemError('NAP_IN_PROGRESS', 'Cannot begin a nap: another nap is in progress');
    this.#napping = true;
    if (this.#held.size === 0) return { forced: [] };
    const released = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.#onEmpty = undefined;
        resolve(false);
      }, timeoutMs);
      this.#onEmpty = () => {
        clearTimeout(timer);
        this.#onEmpty = undefined;
        resolve(true);
      };
    });
    if (released) return { forced: [] };
    const forced = [...this.#held.values()];
    for (const lock of forced) lock.force();
    return { forced: forced.map((lock) => lock.holder) };
  }

  /** Ends the nap: jobs waiting for a lock go on, in the order they asked. */
  endNap(): void {
    assert(this.#napping, 'endNap() follows waitForLocks()');
    this.#napping = false;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  #release(lock: MetabolicLock): void {
    this.#held.delete(lock.holder.id);
    if (this.#held.size === 0) this.#onEmpty?.();
  }
}
