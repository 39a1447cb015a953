/**
 * Goal: `noctem oracle` runs the physics gate without a home, prints
 * {"builtin":{"passed","metrics"},"candidates":[{"name","passed","failure"}],"attacks"} under
 * --json with the built-in passing and every faulty candidate rejected, renders a table
 * otherwise, and exits 0 only when the gate is sound. Method: the in-process CLI, once, with a
 * --home that does not exist (nothing may be created there); the table is rendered from that
 * run's output.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { dojoAttacks, faultyPropagators, type OracleMetrics } from '../../wave/index.ts';
import { cli, type CliResult } from '../../../test/helpers/cli.ts';
import { oracleCommand } from './oracle.ts';

interface OracleJson {
  readonly builtin: { readonly passed: boolean; readonly metrics: OracleMetrics; readonly failure?: string };
  readonly candidates: readonly { readonly name: string; readonly passed: boolean; readonly failure: string }[];
  readonly attacks: number;
}

const absentHome = join(tmpdir(), `noctem-oracle-absent-${process.pid}`);
let result: CliResult;

beforeAll(async () => {
  result = await cli(['oracle', '--json', '--home', absentHome]);
});

test('oracle --json prints exactly the builtin, candidates and attacks shape and exits 0', () => {
  expect(result.code).toBe(0);
  expect(result.stderr).toBe('');
  const output = result.json<OracleJson>();
  expect(Object.keys(output)).toEqual(['builtin', 'candidates', 'attacks']);
  expect(Object.keys(output.builtin)).toEqual(['passed', 'metrics']);
  for (const candidate of output.candidates) expect(Object.keys(candidate)).toEqual(['name', 'passed', 'failure']);
  expect(output.attacks).toBe(dojoAttacks.length);
});

test('oracle --json reports the built-in passing with finite metrics', () => {
  const { builtin } = result.json<OracleJson>();
  expect(builtin.passed).toBe(true);
  expect(builtin.metrics.energyDrift).toBeLessThan(1e-4);
  expect(builtin.metrics.dispersionError).toBeLessThan(0.01);
  for (const value of Object.values(builtin.metrics)) expect(Number.isFinite(value)).toBe(true);
});

test('oracle --json reports every faulty candidate rejected, with its failure', () => {
  const { candidates } = result.json<OracleJson>();
  expect(candidates.map((c) => c.name)).toEqual(faultyPropagators.map((c) => c.name));
  for (const candidate of candidates) {
    expect(candidate.passed).toBe(false);
    expect(candidate.failure).not.toBe('');
  }
  expect(candidates.find((c) => c.name === 'dropped-wrap')?.failure).toMatch(/wrap/);
});

test('oracle needs no home and creates none', () => {
  expect(existsSync(absentHome)).toBe(false);
});

test('oracle renders a table: the built-in\'s metrics and one line per candidate', () => {
  const text = oracleCommand.renderText(result.json());
  expect(text).toMatch(/^PASS built-in propagator \(Oracle \+ \d+ Dojo attacks\)$/m);
  expect(text).toMatch(/^ {5}dispersionError +\S+$/m);
  expect(text).toMatch(new RegExp(`^PASS faulty candidates rejected: ${faultyPropagators.length} of ${faultyPropagators.length}$`, 'm'));
  for (const { name } of faultyPropagators) expect(text).toMatch(new RegExp(`^ {5}rejected {2}${name} `, 'm'));
});

test('oracle exits 1 when a faulty candidate passes or the built-in fails', () => {
  const output = result.json<OracleJson>();
  const leaky = { ...output, candidates: output.candidates.map((c, i) => (i === 0 ? { ...c, passed: true } : c)) };
  expect(oracleCommand.exitCode?.(leaky)).toBe(1);
  expect(oracleCommand.exitCode?.({ ...output, builtin: { ...output.builtin, passed: false } })).toBe(1);
  expect(oracleCommand.exitCode?.(output)).toBe(0);
  expect(oracleCommand.renderText(leaky)).toMatch(/^ {5}ACCEPTED/m);
});
