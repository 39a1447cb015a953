/**
 * `noctem oracle`: runs the physics gate (Physics Oracle + Adversarial Dojo, spec §5.4 Gate 1)
 * on the built-in propagator and on every bundled faulty candidate, and reports whether the
 * gate accepts the first and rejects all the others. Needs no home: it touches no files.
 * Exits 1 when the built-in fails or any faulty candidate passes.
 */
import { runPhysicsGate, type OracleMetrics, type PhysicsGateVerdict } from '../../wave/index.ts';
import { defineCommand } from '../command.ts';

/** What `noctem oracle --json` prints. */
interface OracleOutput {
  /** `failure` appears only when the built-in failed. */
  readonly builtin: { readonly passed: boolean; readonly metrics: OracleMetrics; readonly failure?: string };
  /** `failure` is every failed check, joined by "; " ("" when the candidate passed). */
  readonly candidates: readonly { readonly name: string; readonly passed: boolean; readonly failure: string }[];
  /** Dojo attacks run on each propagator. */
  readonly attacks: number;
}

/** Longest failure text shown per candidate in the table. */
const failureColumnChars = 96;

/** The `oracle` command. */
export const oracleCommand = defineCommand<Record<string, never>, OracleOutput>({
  name: 'oracle',
  summary: 'Run the Physics Oracle and the Dojo on the built-in and the faulty propagators',
  usage: '',
  options: {},
  parse: () => ({}),
  run: async (_input, context) => {
    const report = runPhysicsGate({ onJudging: (name) => context.progress(`oracle: judging ${name}…`) });
    context.progress('');
    const failure = (verdict: PhysicsGateVerdict): string => verdict.failures.join('; ');
    return {
      builtin: { passed: report.builtin.passed, metrics: report.builtin.metrics, ...(report.builtin.passed ? {} : { failure: failure(report.builtin) }) },
      candidates: report.candidates.map((candidate) => ({ name: candidate.name, passed: candidate.passed, failure: failure(candidate) })),
      attacks: report.attacks,
    };
  },
  renderText: renderOracle,
  exitCode: (o) => (o.builtin.passed && o.candidates.every((candidate) => !candidate.passed) ? 0 : 1),
});

function renderOracle(o: OracleOutput): string {
  const lines = [`${o.builtin.passed ? 'PASS' : 'FAIL'} built-in propagator (Oracle + ${o.attacks} Dojo attacks)`];
  if (o.builtin.failure !== undefined) lines.push(`     ${o.builtin.failure}`);
  const metrics = Object.entries(o.builtin.metrics);
  const width = Math.max(...metrics.map(([name]) => name.length));
  for (const [name, value] of metrics) lines.push(`     ${name.padEnd(width)}  ${formatMetric(value)}`);
  const rejected = o.candidates.filter((candidate) => !candidate.passed).length;
  lines.push('', `${rejected === o.candidates.length ? 'PASS' : 'FAIL'} faulty candidates rejected: ${rejected} of ${o.candidates.length}`);
  const nameWidth = Math.max(...o.candidates.map((candidate) => candidate.name.length));
  for (const candidate of o.candidates) {
    const why = candidate.passed ? 'accepted, but it is faulty' : clip(candidate.failure, failureColumnChars);
    lines.push(`     ${candidate.passed ? 'ACCEPTED' : 'rejected'}  ${candidate.name.padEnd(nameWidth)}  ${why}`);
  }
  return lines.join('\n');
}

/** Three significant digits; exponent form outside 1e-3..1e4 (JSON null, i.e. NaN, as NaN). */
function formatMetric(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return String(value ?? Number.NaN);
  const size = Math.abs(value);
  return size === 0 || (size >= 1e-3 && size < 1e4) ? value.toPrecision(3) : value.toExponential(2);
}

function clip(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}
