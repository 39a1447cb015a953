/**
 * A bounded async queue between producers and one consumer: `push` waits while the queue
 * is full (backpressure), the consumer reads with `for await`. Either side can stop it:
 * the producer with `close` or `fail`, the consumer by leaving its loop (`cancel`). Pure.
 */
import { assert } from '../core/index.ts';

type State = 'open' | 'closed' | 'failed' | 'cancelled';

/**
 * The channel. Invariant: at most `capacity` items wait in the queue; items pushed before
 * `close` or `fail` are all delivered before the consumer sees the end or the error.
 */
export class BoundedChannel<T> implements AsyncIterable<T> {
  readonly #capacity: number;
  readonly #queue: T[] = [];
  readonly #spaceWaiters: (() => void)[] = [];
  #itemWaiter: (() => void) | undefined;
  #state: State = 'open';
  #error: unknown;

  /** @param capacity - items that may wait before `push` blocks (>= 1) */
  constructor(capacity: number) {
    assert(Number.isSafeInteger(capacity) && capacity >= 1, 'channel capacity is a positive integer');
    this.#capacity = capacity;
  }

  /** True while producers may push. */
  get accepting(): boolean {
    return this.#state === 'open';
  }

  /** True once the consumer left. */
  get cancelled(): boolean {
    return this.#state === 'cancelled';
  }

  /**
   * Queues an item, waiting while the queue is full.
   * @returns true once queued; false when the channel stopped accepting (the item is dropped)
   */
  async push(item: T): Promise<boolean> {
    while (this.#state === 'open' && this.#queue.length >= this.#capacity) {
      await new Promise<void>((resolve) => this.#spaceWaiters.push(resolve));
    }
    if (this.#state !== 'open') return false;
    this.#queue.push(item);
    this.#wakeConsumer();
    return true;
  }

  /** Ends the stream after the queued items. */
  close(): void {
    if (this.#state !== 'open') return;
    this.#state = 'closed';
    this.#wakeAll();
  }

  /** Ends the stream with an error, thrown to the consumer after the queued items. */
  fail(error: unknown): void {
    if (this.#state !== 'open') return;
    this.#state = 'failed';
    this.#error = error;
    this.#wakeAll();
  }

  /** Called when the consumer leaves: drops the queue and releases waiting producers. */
  cancel(): void {
    if (this.#state === 'cancelled') return;
    this.#state = 'cancelled';
    this.#queue.length = 0;
    this.#wakeAll();
  }

  /** Reads the items in order. Leaving the loop early cancels the channel. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => this.#next(),
      return: (): Promise<IteratorResult<T>> => {
        this.cancel();
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }

  async #next(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.#queue.length > 0) {
        const value = this.#queue.shift() as T;
        this.#spaceWaiters.shift()?.();
        return { done: false, value };
      }
      if (this.#state === 'failed') throw this.#error;
      if (this.#state !== 'open') return { done: true, value: undefined };
      await new Promise<void>((resolve) => {
        this.#itemWaiter = resolve;
      });
    }
  }

  #wakeConsumer(): void {
    const waiter = this.#itemWaiter;
    this.#itemWaiter = undefined;
    waiter?.();
  }

  #wakeAll(): void {
    this.#wakeConsumer();
    for (const waiter of this.#spaceWaiters.splice(0)) waiter();
  }
}
