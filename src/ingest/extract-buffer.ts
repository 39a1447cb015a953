/**
 * Extraction of one file held in memory, archives included: detect the type, run the
 * extractor, or open the archive and recurse into its members (spec §5.3.5). Members stay
 * in memory (nothing is written to disk). Every root file gets one expansion budget;
 * when it trips, expansion stops and the root file is reported failed. Results already
 * yielded for earlier members stand: they were complete, safe files.
 */
import type { ArchiveKind } from './detect-type.ts';
import { detectType } from './detect-type.ts';
import type { ArchiveMember, ArchiveReadContext } from './archive-member.ts';
import { ExpansionBudget } from './expansion-budget.ts';
import type { DocumentType } from './extract-document.ts';
import { extractDocument } from './extract-document.ts';
import type { ExtractLimits } from './extract-limits.ts';
import type { ExtractResult, ResultOrigin } from './extract-result.ts';
import { extractFailure, extractSkip, extractedFile, failureFromError, isBug } from './extract-result.ts';
import { gunzipMember, gzipMemberName } from './gzip-member.ts';
import { tarMembers } from './tar-members.ts';
import { zipMembers } from './zip-members.ts';

/** One file to extract. */
export interface ExtractBufferInput {
  /** The file's path; archive members get `archive!/member` paths beneath it. */
  readonly path: string;
  /** The file on disk the bytes came from (reported with every result). */
  readonly sourcePath: string;
  /** The file's bytes. */
  readonly bytes: Uint8Array;
}

interface Walk {
  readonly budget: ExpansionBudget;
  readonly limits: ExtractLimits;
}

/**
 * Extracts a file, yielding one result for a document and one per member for an archive.
 * Never throws for bad input: every problem becomes a failure or skip result.
 * @param input - the file's paths and bytes
 * @param limits - the bounds (see {@link ExtractLimits})
 */
export async function* extractBuffer(input: ExtractBufferInput, limits: ExtractLimits): AsyncGenerator<ExtractResult> {
  const origin: ResultOrigin = { path: input.path, sourcePath: input.sourcePath };
  if (input.bytes.length > limits.fileSizeBytesMax) {
    yield extractFailure(origin, 'INGEST_LIMIT', `The file is larger than ${limits.fileSizeBytesMax} bytes`);
    return;
  }
  const budget = new ExpansionBudget(input.bytes.length, {
    expandedBytesMax: limits.archiveExpandedBytesMax,
    expansionRatioMax: limits.archiveExpansionRatioMax,
    ratioCheckBytesMin: limits.archiveRatioCheckBytesMin,
    entriesMax: limits.archiveEntriesMax,
  });
  yield* extractNode(input.bytes, origin, 0, { budget, limits });
}

async function* extractNode(bytes: Uint8Array, origin: ResultOrigin, depth: number, walk: Walk): AsyncGenerator<ExtractResult> {
  const type = await detectType(bytes, {
    nameHint: origin.path,
    sniffBytesMax: walk.limits.sniffBytesMax,
    zipNamesMax: walk.limits.archiveEntriesMax,
  });
  if (type.category === 'unsupported') yield extractSkip(origin, type.reason);
  else if (type.category === 'archive') yield* extractArchive(bytes, type.kind, origin, depth, walk);
  else yield await extractOne(bytes, type, origin, walk.limits);
}

async function extractOne(bytes: Uint8Array, type: DocumentType, origin: ResultOrigin, limits: ExtractLimits): Promise<ExtractResult> {
  try {
    const document = await extractDocument(bytes, type, { path: origin.path, limits });
    if (document.text.trim() === '') return extractSkip(origin, `no text found in this ${type.kind} file`);
    return extractedFile(origin, bytes, document, type.mime);
  } catch (error) {
    if (isBug(error)) throw error;
    return failureFromError(origin, error);
  }
}

async function* extractArchive(
  bytes: Uint8Array,
  kind: ArchiveKind,
  origin: ResultOrigin,
  depth: number,
  walk: Walk,
): AsyncGenerator<ExtractResult> {
  const depthMax = walk.limits.archiveDepthMax;
  if (depth >= depthMax) {
    yield extractFailure(origin, 'INGEST_LIMIT', `The archive is nested more than ${depthMax} archives deep`);
    return;
  }
  const context: ArchiveReadContext = { budget: walk.budget, memberBytesMax: walk.limits.fileSizeBytesMax };
  let members = 0;
  try {
    for await (const member of openMembers(bytes, kind, origin, context, walk)) {
      members += 1;
      const memberOrigin = { path: `${origin.path}!/${member.name}`, sourcePath: origin.sourcePath };
      if (member.kind === 'rejected') yield extractFailure(memberOrigin, member.code, member.reason);
      else yield* extractNode(member.bytes, memberOrigin, depth + 1, walk);
    }
    // Every root file gets at least one result, so callers can tell it was seen.
    if (members === 0) yield extractSkip(origin, 'the archive holds no files');
  } catch (error) {
    // A tripped budget ends the whole root file: unwind to the root, which reports it once.
    if (isBug(error) || (walk.budget.tripped && depth > 0)) throw error;
    yield failureFromError(origin, error);
  }
}

async function* openMembers(
  bytes: Uint8Array,
  kind: ArchiveKind,
  origin: ResultOrigin,
  context: ArchiveReadContext,
  walk: Walk,
): AsyncGenerator<ArchiveMember> {
  if (kind === 'zip') return yield* zipMembers(bytes, context);
  if (kind === 'tar') return yield* tarMembers(bytes, context);
  context.budget.chargeEntry();
  const name = gzipMemberName(bytes, origin.path);
  const inner = await gunzipMember(bytes, context, name);
  const innerType = await detectType(inner, { nameHint: name, sniffBytesMax: walk.limits.sniffBytesMax });
  // A .tar.gz reads as one archive, so its members sit one level down, not two.
  if (innerType.category === 'archive' && innerType.kind === 'tar') return yield* tarMembers(inner, context);
  yield { kind: 'file', name, bytes: inner };
}
