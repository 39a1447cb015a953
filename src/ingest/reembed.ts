/**
 * Re-embeds the whole memory when the home's embedder changed (D15: vectors of different
 * embedders are not comparable). Chunk texts are kept, so no file is read again; each
 * batch of documents is rewritten in one transaction with its audit entries, and the new
 * embedder id is recorded with the last batch, so an interrupted run resumes.
 */
import { limits } from '../core/index.ts';
import type { Projection } from '../manifold/index.ts';
import { metaKeys, tokenize, type ChunkRecord, type Embedder, type HazardFilter, type SourceRecord } from '../recall/index.ts';
import type { AuditLog } from '../security/index.ts';
import type { HomeStore } from '../store/index.ts';
import { putDocument, type PreparedChunk, type PreparedDocument } from './document-writer.ts';
import { preparedChunk } from './prepare-document.ts';

/** What re-embedding runs on. */
export interface ReembedPorts {
  readonly store: HomeStore;
  readonly audit: AuditLog;
  readonly embedder: Embedder;
  readonly projection: Projection;
  readonly hazards: HazardFilter;
}

/**
 * Re-embeds every document whose vectors came from another embedder.
 * @returns the number of documents re-embedded
 */
export async function reembedMemory(ports: ReembedPorts): Promise<number> {
  const { store, embedder } = ports;
  const stale = Array.from(store.range('sources'), (e) => e.value as SourceRecord).filter((s) => s.embedderId !== embedder.id);
  let done = 0;
  for (let start = 0; start < stale.length; start += limits.ingestBatchDocumentsMax) {
    const batch: PreparedDocument[] = [];
    for (const source of stale.slice(start, start + limits.ingestBatchDocumentsMax)) batch.push(await reprepare(ports, source));
    store.write((writer) => {
      for (const document of batch) putDocument(writer, ports.projection, document);
      ports.audit.appendInTransaction(writer, batch.map((d) => ({ actor: 'noctem', action: 'memory.reembed', details: { path: d.source.path, embedder: embedder.id } })));
    });
    done += batch.length;
  }
  store.write((writer) => writer.put('meta', metaKeys.embedder, { id: embedder.id, dimensions: embedder.dimensions }));
  return done;
}

async function reprepare(ports: ReembedPorts, source: SourceRecord): Promise<PreparedDocument> {
  const records = source.chunkOrdinals.flatMap((o) => {
    const chunk = ports.store.get('chunks', o) as ChunkRecord | undefined;
    return chunk === undefined ? [] : [chunk];
  });
  const vectors = await ports.embedder.embed(records.map((c) => c.text));
  const chunks: PreparedChunk[] = [];
  for (const [i, record] of records.entries()) {
    chunks.push(preparedChunk(record, tokenize(record.text), vectors[i]!, await ports.hazards.check(record.text)));
  }
  const rest: Omit<SourceRecord, 'chunkOrdinals'> & { chunkOrdinals?: unknown } = { ...source };
  delete rest.chunkOrdinals;
  return { source: { ...rest, embedderId: ports.embedder.id }, chunks };
}
