/**
 * The GAP-014 invariants of a decoded home checkpoint (spec §6.1.6, docs/formats/nik.md
 * "Verification"), listed rather than thrown, for `noctem verify` and `noctem restore`:
 *
 * 1. **Metric SPD.** Every node's 9×9 metric has only positive eigenvalues (cyclic Jacobi on
 *    the metric divided by its largest entry, which leaves the condition number unchanged and
 *    keeps every entry finite). The worst condition number λmax/λmin is reported, with a
 *    warning above 1e6 as in the spec.
 * 2. **Energy checksum.** Σ (½|v|² + |ψ|²) over the file's nodes in file order, compensated,
 *    equals the manifest's `file.energy` exactly (the writer summed the same doubles in the
 *    same order). A full snapshot's `memory` tally must equal its `file` tally.
 * 3. **Torus topology.** The spec's random-walk winding test checks that every dimension is
 *    periodic. Our T⁹ is 9 × 2^14 cells, where a ±1 random walk of 10,000 steps would almost
 *    never wrap, so the walk here is deterministic: from the first node's cell, 16384 unit
 *    steps in each direction of each dimension, with the manifold's wrap arithmetic
 *    (`wrappedDelta`). Every step must measure exactly ±1 cell, the walk must come back to
 *    its start, and its winding number must be exactly ±1. Each node must lie on the torus:
 *    every coordinate in [0, 16384), and its stored Hilbert key equal to the key of its
 *    coordinate (so the curve order the pages follow is the order of points on the torus).
 */
import { symmetricEigen } from '../core/index.ts';
import { coordCells, hilbertKeyOf, isIdentityMetric, isTorusCoord, metricEntries, torusDims, wrappedDelta } from '../manifold/index.ts';
import type { HomeCheckpointContent } from './home-checkpoint-content.ts';
import { totalEnergy } from './home-checkpoint-manifest.ts';

/** Condition number above which a metric is reported as poorly conditioned (spec §6.1.6). */
export const metricConditionWarnAbove = 1e6;

/** One broken invariant. */
export interface CheckpointIssue {
  /** The invariant: 'spd', 'energy' or 'topology'. */
  readonly check: 'spd' | 'energy' | 'topology';
  /** A sentence saying what is wrong. */
  readonly message: string;
  /** The node concerned, when there is one. */
  readonly nodeId?: string;
}

/** What {@link checkHomeCheckpoint} found. */
export interface CheckpointChecks {
  /** Broken invariants (at most `issuesMax`, then `issuesTruncated`). */
  readonly issues: readonly CheckpointIssue[];
  readonly issuesTruncated: boolean;
  /** Warnings: poorly conditioned metrics. */
  readonly warnings: readonly string[];
  /** The largest metric condition number among the SPD metrics (1 with no nodes). */
  readonly conditionNumberMax: number;
  /** Σ node energy of the file, as recomputed. */
  readonly energy: number;
}

/** Options of {@link checkHomeCheckpoint}. */
export interface CheckpointCheckOptions {
  /** Issues listed before the list is cut short. @default 100 */
  readonly issuesMax?: number;
}

/**
 * Checks the GAP-014 invariants of a decoded checkpoint.
 * @param content - the decoded file
 * @param options - how many issues to list
 */
export function checkHomeCheckpoint(content: HomeCheckpointContent, options: CheckpointCheckOptions = {}): CheckpointChecks {
  const issuesMax = options.issuesMax ?? 100;
  const issues: CheckpointIssue[] = [];
  let found = 0;
  const report = (issue: CheckpointIssue): void => {
    found++;
    if (issues.length < issuesMax) issues.push(issue);
  };
  const warnings: string[] = [];
  let conditionNumberMax = 1;
  for (const node of content.nodes) {
    const condition = metricConditionNumber(node.body.metric);
    if (condition === undefined) {
      report({ check: 'spd', message: `node ${node.id}: its metric tensor is not symmetric positive-definite`, nodeId: node.id });
      continue;
    }
    conditionNumberMax = Math.max(conditionNumberMax, condition);
    if (condition > metricConditionWarnAbove && warnings.length < issuesMax) {
      warnings.push(`node ${node.id}: its metric tensor is poorly conditioned (condition number ${condition.toPrecision(3)})`);
    }
  }
  const energy = totalEnergy(content.nodes.map((n) => n.body));
  checkEnergy(content, energy, report);
  checkTopology(content, report);
  return { issues, issuesTruncated: found > issues.length, warnings, conditionNumberMax, energy };
}

/**
 * λmax/λmin of a stored metric, or undefined when it is not SPD.
 * @param metric - 45 float32, the upper triangle row by row
 */
export function metricConditionNumber(metric: Float32Array): number | undefined {
  if (metric.length !== metricEntries) return undefined;
  if (isIdentityMetric(metric)) return 1;
  let scale = 0;
  for (const x of metric) scale = Math.max(scale, Math.abs(x));
  if (!(scale > 0) || !Number.isFinite(scale)) return undefined;
  const { values } = symmetricEigen(Float64Array.from(metric, (x) => x / scale));
  const smallest = values[0]!;
  const largest = values[values.length - 1]!;
  return smallest > 0 ? largest / smallest : undefined;
}

/**
 * Walks once around every dimension in both directions from `start` (see the module comment).
 * @param start - a point on the torus
 * @returns the problems found (none for a correct wrap arithmetic)
 */
export function torusWindingProblems(start: Uint16Array): string[] {
  const problems: string[] = [];
  for (let dim = 0; dim < torusDims; dim++) {
    for (const direction of [1, -1] as const) {
      let position = start[dim]!;
      let winding = 0;
      for (let step = 0; step < coordCells; step++) {
        const next = (position + direction + coordCells) % coordCells;
        const delta = Math.round(wrappedDelta(next, position) * coordCells);
        if (delta !== direction) problems.push(`dimension ${dim}: the step from ${position} to ${next} measures ${delta} cells, not ${direction}`);
        if (direction > 0 && next < position) winding++;
        if (direction < 0 && next > position) winding--;
        position = next;
      }
      if (position !== start[dim] || winding !== direction) {
        problems.push(`dimension ${dim}: a loop of ${coordCells} steps ends at ${position} with winding number ${winding}, not at ${start[dim]} with ${direction}`);
      }
    }
  }
  return problems;
}

function checkEnergy(content: HomeCheckpointContent, energy: number, report: (issue: CheckpointIssue) => void): void {
  const { manifest } = content;
  if (energy !== manifest.file.energy) {
    report({ check: 'energy', message: `the nodes' energy sums to ${energy}, the manifest's checksum is ${manifest.file.energy}` });
  }
  if (manifest.kind === 'full') {
    const { memory, file } = manifest;
    if (memory.nodes !== file.nodes || memory.records !== file.records || memory.energy !== file.energy) {
      report({ check: 'energy', message: 'a full snapshot\'s memory tally (nodes, records, energy) differs from what the file holds' });
    }
  }
}

function checkTopology(content: HomeCheckpointContent, report: (issue: CheckpointIssue) => void): void {
  for (const node of content.nodes) {
    if (!isTorusCoord(node.coord)) {
      report({ check: 'topology', message: `node ${node.id}: its coordinate (${Array.from(node.coord as Uint16Array).join(', ')}) is off the torus (each must be below ${coordCells})`, nodeId: node.id });
      continue;
    }
    if (!sameBytes(hilbertKeyOf(node.coord), node.hilbertKey)) {
      report({ check: 'topology', message: `node ${node.id}: its Hilbert key is not the key of its coordinate`, nodeId: node.id });
    }
  }
  const first = content.nodes.find((node) => isTorusCoord(node.coord));
  for (const problem of torusWindingProblems(first?.coord ?? new Uint16Array(torusDims))) report({ check: 'topology', message: problem });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
