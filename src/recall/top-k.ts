/**
 * Top-k selection shared by the recall signals: the k best of n scored items in O(n log k)
 * with a bounded min-heap, ordered by score (descending) and then id (ascending), so ties
 * never depend on input order.
 */

/** A scored result of one recall signal. */
export interface Scored {
  /** The item's id (a node, chunk or document id). */
  readonly id: string;
  /** Higher is better; the scale belongs to the signal. */
  readonly score: number;
}

/**
 * The indices of the k best items.
 * @param scores - one score per item; NaN items are skipped
 * @param ids - one id per item, the tie-breaker
 * @param k - how many to keep, ≥ 0
 * @returns indices, best first
 */
export function topKIndices(scores: ArrayLike<number>, ids: ArrayLike<string>, k: number): number[] {
  const heap: number[] = [];
  if (k <= 0) return heap;
  const worse = (a: number, b: number): boolean =>
    scores[a]! < scores[b]! || (scores[a] === scores[b] && ids[a]! > ids[b]!);
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) continue;
    if (heap.length < k) {
      heap.push(i);
      siftUp(heap, heap.length - 1, worse);
    } else if (worse(heap[0]!, i)) {
      heap[0] = i;
      siftDown(heap, worse);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}

/**
 * The k best of a score map, as sorted {@link Scored} entries.
 * @param scores - id → score
 * @param k - how many to keep
 */
export function topKOfMap(scores: ReadonlyMap<string, number>, k: number): Scored[] {
  const ids = [...scores.keys()];
  const values = ids.map((id) => scores.get(id)!);
  return topKIndices(values, ids, k).map((i) => ({ id: ids[i]!, score: values[i]! }));
}

function siftUp(heap: number[], start: number, worse: (a: number, b: number) => boolean): void {
  let child = start;
  while (child > 0) {
    const parent = (child - 1) >>> 1;
    if (!worse(heap[child]!, heap[parent]!)) break;
    [heap[child], heap[parent]] = [heap[parent]!, heap[child]!];
    child = parent;
  }
}

function siftDown(heap: number[], worse: (a: number, b: number) => boolean): void {
  let parent = 0;
  for (;;) {
    const left = 2 * parent + 1;
    const right = left + 1;
    let worst = parent;
    if (left < heap.length && worse(heap[left]!, heap[worst]!)) worst = left;
    if (right < heap.length && worse(heap[right]!, heap[worst]!)) worst = right;
    if (worst === parent) return;
    [heap[worst], heap[parent]] = [heap[parent]!, heap[worst]!];
    parent = worst;
  }
}
