/**
 * Loads the BEIR SciFact benchmark from `../shared/corpora/scifact` (relative to the project
 * root): the corpus (5,183 abstracts), the test queries (those that appear in
 * `qrels/test.tsv`, in queries.jsonl order) and the test judgments.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Qrels } from './ir-metrics.ts';

/** The SciFact folder: `<project root>/../shared/corpora/scifact`. */
export const scifactDir = resolve(import.meta.dirname, '..', '..', 'shared', 'corpora', 'scifact');

/** One corpus document. */
export interface ScifactDoc {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

/** One query. */
export interface ScifactQuery {
  readonly id: string;
  readonly text: string;
}

/** The benchmark's test split. */
export interface ScifactData {
  /** Every corpus document, in file order. */
  readonly docs: readonly ScifactDoc[];
  /** The queries judged in the test qrels, in queries.jsonl order. */
  readonly queries: readonly ScifactQuery[];
  /** query id → document id → relevance. */
  readonly qrels: Qrels;
}

/**
 * Reads the corpus, the queries and the test qrels.
 * @param dir - the SciFact folder @default scifactDir
 * @returns the test split
 * @throws Error when a file is missing or a line is not the BEIR shape
 */
export function loadScifact(dir: string = scifactDir): ScifactData {
  const docs = readJsonLines(join(dir, 'corpus.jsonl')).map((row, i) => ({
    id: field(row, '_id', i),
    title: typeof row['title'] === 'string' ? row['title'] : '',
    text: field(row, 'text', i),
  }));
  const qrels = readQrels(join(dir, 'qrels', 'test.tsv'));
  const queries = readJsonLines(join(dir, 'queries.jsonl'))
    .map((row, i) => ({ id: field(row, '_id', i), text: field(row, 'text', i) }))
    .filter((query) => qrels.has(query.id));
  return { docs, queries, qrels };
}

function readJsonLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function field(row: Record<string, unknown>, name: string, line: number): string {
  const value = row[name];
  if (typeof value !== 'string') throw new Error(`SciFact line ${line + 1}: "${name}" is not a string`);
  return value;
}

/** `query-id<TAB>corpus-id<TAB>score` with a header line. */
function readQrels(path: string): Map<string, Map<string, number>> {
  const qrels = new Map<string, Map<string, number>>();
  const lines = readFileSync(path, 'utf8').split('\n').slice(1);
  for (const line of lines) {
    if (line.trim() === '') continue;
    const [queryId, docId, score] = line.split('\t');
    if (queryId === undefined || docId === undefined || score === undefined) throw new Error(`SciFact qrels: bad line "${line}"`);
    let judged = qrels.get(queryId);
    if (judged === undefined) qrels.set(queryId, (judged = new Map()));
    judged.set(docId, Number(score));
  }
  return qrels;
}
