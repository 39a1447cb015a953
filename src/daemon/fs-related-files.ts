/**
 * Local files proposed for ingestion by a curiosity goal (issue 6: "related local files
 * proposed for ingestion"): when a region of memory is thin, the folders its documents came
 * from may hold more on the topic. The proposal lists, from those folders, regular files with
 * a document extension that are not yet in memory, best first by how many words of the
 * region's titles their names share. It only reads directory listings (bounded), never file
 * contents, and never ingests: the person decides. Nothing here touches the network.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { limits, type NodeId } from '../core/index.ts';
import { ordinalOf, sourceIdOf, tokenize, type ChunkRecord } from '../recall/index.ts';
import type { StoreReader } from '../store/index.ts';

/** Extensions the ingestion pipeline reads as documents. */
const documentExtensions = new Set(['.md', '.markdown', '.txt', '.text', '.pdf', '.docx', '.html', '.htm', '.csv', '.json', '.rst', '.org']);

/**
 * A suggestion function for goalsFromFrontier.
 * @param reader - a store view (chunks, sources)
 * @param chunkIds - the chunk id of each node
 */
export function relatedFileSuggester(reader: StoreReader, chunkIds: ReadonlyMap<NodeId, string>): (nodeIds: readonly NodeId[]) => string[] {
  return (nodeIds) => {
    const folders = new Set<string>();
    const words = new Set<string>();
    for (const id of nodeIds.slice(0, limits.relatedFilesRegionNodesMax)) {
      const ordinal = ordinalOf(chunkIds.get(id) ?? '');
      const chunk = ordinal === undefined ? undefined : (reader.get('chunks', ordinal) as ChunkRecord | undefined);
      if (chunk === undefined) continue;
      folders.add(dirname(chunk.path));
      for (const word of tokenize(`${chunk.title} ${chunk.heading ?? ''}`)) words.add(word);
    }
    const candidates: { path: string; score: number }[] = [];
    for (const folder of [...folders].slice(0, limits.relatedFilesFoldersMax)) {
      for (const entry of listFolder(folder)) {
        const path = join(folder, entry.name);
        if (!entry.isFile() || !documentExtensions.has(extname(entry.name).toLowerCase())) continue;
        if (reader.get('sources', sourceIdOf(path)) !== undefined) continue; // already in memory
        const score = tokenize(basename(entry.name, extname(entry.name))).filter((w) => words.has(w)).length;
        candidates.push({ path, score });
      }
    }
    candidates.sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
    return candidates.slice(0, limits.relatedFilesSuggestedMax).map((c) => c.path);
  };
}

/** A folder's first entries, or none when it is gone or unreadable (a suggestion is best effort). */
function listFolder(folder: string): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true }).slice(0, limits.relatedFilesScannedMax);
  } catch {
    return [];
  }
}
