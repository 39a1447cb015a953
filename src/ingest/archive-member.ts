/**
 * What archive readers yield, and the capped collection of a member's bytes that every
 * reader shares. Members are read into memory, never written to disk: there is no temp
 * folder to clean up and no path on disk an entry name could steer. Pure.
 */
import { NoctemError } from '../core/index.ts';
import type { ErrorCode } from '../core/index.ts';
import type { ExpansionBudget } from './expansion-budget.ts';

/** One member of an archive: its bytes, or why it was refused. */
export type ArchiveMember =
  | { readonly kind: 'file'; readonly name: string; readonly bytes: Uint8Array }
  | { readonly kind: 'rejected'; readonly name: string; readonly code: ErrorCode; readonly reason: string };

/** What an archive reader needs besides the archive's bytes. */
export interface ArchiveReadContext {
  /** The expansion budget of the root file. */
  readonly budget: ExpansionBudget;
  /** The largest member kept, in bytes. */
  readonly memberBytesMax: number;
}

/**
 * Collects a member's stream into one buffer, charging every chunk to the budget as it
 * arrives, so a lying size header cannot make us allocate or inflate more than the caps.
 * @param chunks - the member's decompressed bytes
 * @param context - the budget and the member cap
 * @param name - the member's name, for the error message
 * @throws {NoctemError} INGEST_LIMIT when the member or the budget overflows
 */
export async function collectMember(chunks: AsyncIterable<Uint8Array>, context: ArchiveReadContext, name: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    context.budget.chargeBytes(chunk.length);
    total += chunk.length;
    if (total > context.memberBytesMax) {
      throw new NoctemError('INGEST_LIMIT', `The member "${name}" is larger than ${context.memberBytesMax} bytes`);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts, total);
}

/**
 * Turns an error met while reading one member into a rejected member, or rethrows it when
 * it must end the whole archive (the budget tripped).
 * @param name - the member's name
 * @param error - what was caught
 * @param context - holds the budget to consult
 */
export function rejectMember(name: string, error: unknown, context: ArchiveReadContext): ArchiveMember {
  if (context.budget.tripped) throw error;
  if (error instanceof NoctemError) return { kind: 'rejected', name, code: error.code, reason: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'rejected', name, code: 'INGEST_EXTRACT_FAILED', reason: `Cannot read the member: ${message}` };
}
