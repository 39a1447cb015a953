/**
 * The invariants of a home's stored memory, read straight from the store, for the e2e
 * and crash tests: every document is whole (each chunk it lists exists with its vector,
 * postings and node), nothing is left over from a removed one (no chunk, vector, posting,
 * node or edge without its owner), the corpus statistics match the chunks, and the k-NN
 * graph (D2) is well formed, its reverse index included. Returns the problems found
 * instead of throwing, so a test can print them all with its seed.
 */
import { hexToBytes } from '../../src/core/index.ts';
import { decodeEdgeRecord, decodeNodeKey, knnNeighboursDefault } from '../../src/manifold/index.ts';
import { metaKeys, type ChunkRecord, type CorpusStats, type SourceRecord } from '../../src/recall/index.ts';
import type { StoreReader } from '../../src/store/index.ts';

/** A node index entry as node-writer.ts stores it under `n ‖ id`. */
interface NodeEntry {
  readonly key: Uint8Array;
  readonly chunks: readonly number[];
}

/** Problems kept per check before the list is cut short. */
const problemsMax = 50;

/** Checks every memory invariant; an empty list means the memory is consistent. */
export function memoryProblems(reader: StoreReader): string[] {
  const problems: string[] = [];
  const report = (text: string): void => {
    if (problems.length < problemsMax) problems.push(text);
  };
  const chunks = new Map<number, ChunkRecord>();
  for (const { key, value } of reader.range('chunks')) chunks.set(key as number, value as ChunkRecord);
  checkSources(reader, chunks, report);
  checkChunks(reader, chunks, report);
  checkPostings(reader, chunks, report);
  checkNodes(reader, chunks, report);
  checkEdges(reader, report);
  return problems;
}

/** The neighbour lists of every node, keyed by node id (for graph assertions). */
export function edgeLists(reader: StoreReader): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const { key, value } of reader.range('edges')) {
    lists.set(decodeNodeKey(key as Uint8Array).id, decodeEdgeRecord(value as Uint8Array).neighbours.map((n) => n.id));
  }
  return lists;
}

function checkSources(reader: StoreReader, chunks: ReadonlyMap<number, ChunkRecord>, report: (t: string) => void): void {
  for (const { key, value } of reader.range('sources')) {
    const source = value as SourceRecord;
    if (source.id !== key) report(`source ${String(key)} holds id ${source.id}`);
    for (const ordinal of source.chunkOrdinals) {
      const chunk = chunks.get(ordinal);
      if (chunk === undefined) {
        report(`source ${source.path} lists chunk ${ordinal}, which is missing`);
        continue;
      }
      if (chunk.sourceId !== source.id || chunk.path !== source.path) report(`chunk ${ordinal} of ${source.path} names another source`);
      if (reader.get('vectors', ordinal) === undefined) report(`chunk ${ordinal} of ${source.path} has no vector`);
      for (const term of chunk.terms) {
        if (reader.get('postings', [term, ordinal]) === undefined) report(`chunk ${ordinal} of ${source.path} has no posting for "${term}"`);
      }
      const entry = reader.get('nodeIndex', nodeEntryKey(chunk.nodeId)) as NodeEntry | undefined;
      if (entry === undefined || !entry.chunks.includes(ordinal)) report(`chunk ${ordinal} of ${source.path} is not on its node ${chunk.nodeId}`);
    }
  }
}

function checkChunks(reader: StoreReader, chunks: ReadonlyMap<number, ChunkRecord>, report: (t: string) => void): void {
  let terms = 0;
  for (const [ordinal, chunk] of chunks) {
    terms += chunk.termCount;
    const source = reader.get('sources', chunk.sourceId) as SourceRecord | undefined;
    if (source === undefined || !source.chunkOrdinals.includes(ordinal)) report(`chunk ${ordinal} (${chunk.path}) belongs to no source`);
  }
  for (const { key } of reader.range('vectors')) {
    if (!chunks.has(key as number)) report(`vector ${String(key)} has no chunk`);
  }
  const stats = (reader.get('meta', metaKeys.corpus) as CorpusStats | undefined) ?? { chunks: 0, terms: 0 };
  if (stats.chunks !== chunks.size || stats.terms !== terms) {
    report(`corpus statistics say ${stats.chunks} chunks, ${stats.terms} terms; the store holds ${chunks.size}, ${terms}`);
  }
  const next = (reader.get('meta', metaKeys.chunkOrdinalNext) as number | undefined) ?? 0;
  const highest = Math.max(-1, ...chunks.keys());
  if (next <= highest) report(`the next chunk ordinal ${next} is not above the highest stored ${highest}`);
}

function checkPostings(reader: StoreReader, chunks: ReadonlyMap<number, ChunkRecord>, report: (t: string) => void): void {
  let postings = 0;
  for (const { key } of reader.range('postings')) {
    postings += 1;
    const [term, ordinal] = key as [string, number];
    const chunk = chunks.get(ordinal);
    if (chunk === undefined || !chunk.terms.includes(term)) report(`posting ("${term}", ${ordinal}) has no chunk with that term`);
  }
  const expected = [...chunks.values()].reduce((sum, chunk) => sum + chunk.terms.length, 0);
  if (postings !== expected) report(`${postings} postings stored, the chunks name ${expected}`);
}

function checkNodes(reader: StoreReader, chunks: ReadonlyMap<number, ChunkRecord>, report: (t: string) => void): void {
  let entries = 0;
  for (const { key, value } of reader.range('nodeIndex')) {
    const bytes = key as Uint8Array;
    if (bytes[0] !== 0x6e) continue;
    entries += 1;
    const id = Buffer.from(bytes.subarray(1)).toString('hex');
    const entry = value as NodeEntry;
    if (reader.get('nodes', entry.key) === undefined) report(`node ${id} is indexed but not stored`);
    if (reader.get('edges', entry.key) === undefined) report(`node ${id} has no edge record`);
    if (entry.chunks.length === 0) report(`node ${id} holds no chunk`);
    for (const ordinal of entry.chunks) {
      if (chunks.get(ordinal)?.nodeId !== id) report(`node ${id} lists chunk ${ordinal}, which is not on it`);
    }
  }
  const nodes = reader.count('nodes');
  const edges = reader.count('edges');
  if (nodes !== entries || edges !== entries) report(`${nodes} nodes and ${edges} edge records for ${entries} indexed nodes`);
}

function checkEdges(reader: StoreReader, report: (t: string) => void): void {
  const lists = edgeLists(reader);
  // The reverse index (`r ‖ len ‖ target ‖ holder`) holds exactly the listed edges.
  const reverse = new Set<string>();
  for (const { key } of reader.range('nodeIndex')) {
    const bytes = key as Uint8Array;
    if (bytes[0] !== 0x72) continue;
    const length = bytes[1] ?? 0;
    reverse.add(`${hex(bytes.subarray(2, 2 + length))}<-${hex(bytes.subarray(2 + length))}`);
  }
  const listed = [...lists].flatMap(([id, neighbours]) => neighbours.map((n) => `${n}<-${id}`));
  for (const edge of listed) if (!reverse.has(edge)) report(`edge ${edge} is missing from the reverse index`);
  if (reverse.size !== listed.length) report(`${reverse.size} reverse index entries for ${listed.length} listed edges`);
  for (const [id, neighbours] of lists) {
    if (neighbours.length > knnNeighboursDefault) report(`node ${id} has ${neighbours.length} neighbours`);
    if (neighbours.includes(id)) report(`node ${id} lists itself as a neighbour`);
    if (new Set(neighbours).size !== neighbours.length) report(`node ${id} lists a neighbour twice`);
    for (const other of neighbours) {
      if (!lists.has(other)) report(`node ${id} lists ${other}, which is not a node`);
    }
  }
}

function nodeEntryKey(id: string): Uint8Array {
  const bytes = hexToBytes(id);
  const key = new Uint8Array(bytes.length + 1);
  key[0] = 0x6e;
  key.set(bytes, 1);
  return key;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
