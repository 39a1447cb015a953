/**
 * A small generic walker over ESTree syntax trees (what acorn returns): every object with a
 * string `type` is a node, and its children are the node-valued fields and the nodes inside
 * array-valued fields. Iterative (an explicit stack), so a deep tree cannot overflow the
 * call stack, and bounded by a node count. Pure.
 */

/** A syntax-tree node: any object with a string `type` (the ESTree convention). */
export interface AstNode {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** One visited node, with where it hangs in its parent. */
export interface AstVisit {
  readonly node: AstNode;
  /** The parent node; undefined for the root. */
  readonly parent: AstNode | undefined;
  /** The parent's field holding the node (for an array field, the field's name). */
  readonly key: string | undefined;
}

/** What a walk covered. */
export interface AstWalkResult {
  /** Nodes visited, at most the walk's `nodesMax`. */
  readonly nodes: number;
  /** False when the walk stopped at `nodesMax` with nodes left unvisited. */
  readonly complete: boolean;
}

/**
 * Visits `root` and its descendants depth-first in source order (each node before its
 * children, children in field order).
 * @param root - the tree's root
 * @param visit - called once per node
 * @param nodesMax - nodes visited at most; the walk stops there and reports itself incomplete
 */
export function walkAst(root: AstNode, visit: (visit: AstVisit) => void, nodesMax: number): AstWalkResult {
  const stack: AstVisit[] = [{ node: root, parent: undefined, key: undefined }];
  let nodes = 0;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (nodes >= nodesMax) return { nodes, complete: false };
    nodes += 1;
    visit(next);
    pushChildren(next.node, stack);
  }
  return { nodes, complete: true };
}

/**
 * Whether a value is a syntax-tree node.
 * @param value - anything
 */
export function isAstNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function pushChildren(node: AstNode, stack: AstVisit[]): void {
  const children: AstVisit[] = [];
  for (const key of Object.keys(node)) {
    // `loc` and `type` never hold children; skipping them keeps the walk to the tree.
    if (key === 'loc' || key === 'type') continue;
    const value = node[key];
    if (isAstNode(value)) children.push({ node: value, parent: node, key });
    else if (Array.isArray(value)) {
      for (const item of value as unknown[]) if (isAstNode(item)) children.push({ node: item, parent: node, key });
    }
  }
  // The stack is LIFO: push in reverse so the first child is visited first.
  for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index]!);
}
