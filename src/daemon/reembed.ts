/**
 * Runs re-embedding when the configured embedder is not the one that built the memory.
 */
import { reembedMemory } from '../ingest/index.ts';
import type { Projection } from '../manifold/index.ts';
import { metaKeys, type Embedder, type HazardFilter } from '../recall/index.ts';
import type { Noctem } from './compose.ts';

/** Re-embeds the memory if its recorded embedder differs from `embedder`. */
export async function reembedIfNeeded(
  noctem: Noctem,
  parts: { embedder: Embedder; projection: Projection; hazards: HazardFilter },
): Promise<number> {
  const recorded = noctem.store.get('meta', metaKeys.embedder) as { id: string } | undefined;
  if (recorded?.id === parts.embedder.id) return 0;
  return reembedMemory({ store: noctem.store, audit: noctem.audit, ...parts });
}
