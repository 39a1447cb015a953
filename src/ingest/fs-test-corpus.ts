/**
 * Test-only access to the shared corpus of real documents, read in place from
 * `../shared/corpora/documents` beside the project root (never copied into the repo).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The corpus folder of real documents. */
export const corpusDocumentsPath = fileURLToPath(new URL('../../../shared/corpora/documents/', import.meta.url));

/** True when the corpus is present (tests that need it skip otherwise). */
export const hasCorpus = existsSync(corpusDocumentsPath);

/**
 * The absolute path of a corpus file.
 * @param relative - a path inside `documents/`, e.g. `pdf/tracemonkey.pdf`
 */
export function corpusFile(relative: string): string {
  return fileURLToPath(new URL(relative, new URL('../../../shared/corpora/documents/', import.meta.url)));
}
