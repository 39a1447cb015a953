/**
 * The zstd adapter of the {@link PayloadCodec} port: the only file that imports
 * `@bokuweb/zstd-wasm` (a WebAssembly build of the reference library, installed from the
 * npm registry alone). Frames are standard: the Debian `zstd` command decompresses them.
 *
 * Decompression is bomb-safe: the frame header is parsed first (`readZstdFrameHeader`), and
 * a frame without a declared content size, or declaring more than the caller's maximum, is
 * refused before any output buffer exists. The library then decompresses into a buffer of
 * exactly the declared size, so a frame that lies about its size fails instead of growing.
 */
import { compress, decompress, init } from '@bokuweb/zstd-wasm';
import { NoctemError, assert } from '../core/index.ts';
import type { PayloadCodec } from './payload-codec.ts';
import { readZstdFrameHeader } from './zstd-frame-header.ts';

/** Options for {@link ZstdCodec.create}. */
export interface ZstdCodecOptions {
  /** zstd compression level (the spec's payloads use 3). @default 3 */
  readonly level?: number;
}

let ready: Promise<void> | undefined;

/** Zstandard compression through the reference library compiled to WebAssembly. */
export class ZstdCodec implements PayloadCodec {
  readonly #level: number;

  private constructor(level: number) {
    this.#level = level;
  }

  /**
   * Loads the WebAssembly module (once per process) and returns a codec.
   * @param options - the compression level
   */
  static async create(options: ZstdCodecOptions = {}): Promise<ZstdCodec> {
    const level = options.level ?? 3;
    assert(Number.isInteger(level) && level >= 1 && level <= 19, 'zstd level is 1..19');
    ready ??= init();
    await ready;
    return new ZstdCodec(level);
  }

  /** {@inheritDoc PayloadCodec.compress} */
  compress(bytes: Uint8Array): Uint8Array {
    return compress(bytes, this.#level);
  }

  /** {@inheritDoc PayloadCodec.decompress} */
  decompress(bytes: Uint8Array, maxBytes: number): Uint8Array {
    assert(Number.isSafeInteger(maxBytes) && maxBytes >= 0, 'maxBytes is a safe integer ≥ 0');
    const header = readZstdFrameHeader(bytes);
    if (!header.ok) throw new NoctemError('FORMAT_CORRUPT', `Cannot decompress payload: ${header.problem}`);
    if (header.contentSizeBytes > BigInt(maxBytes)) {
      throw new NoctemError('FORMAT_CORRUPT', `Cannot decompress payload: the zstd frame declares ${header.contentSizeBytes} bytes, more than the ${maxBytes} allowed`, {
        details: { declaredBytes: header.contentSizeBytes.toString(), maxBytes },
      });
    }
    const sizeBytes = Number(header.contentSizeBytes);
    // An empty frame needs no buffer; zstd-wasm would ask malloc for zero bytes.
    if (sizeBytes === 0) return decompressEmpty(bytes);
    const out = decompressOrCorrupt(bytes, sizeBytes);
    if (out.length !== sizeBytes) {
      throw new NoctemError('FORMAT_CORRUPT', `Cannot decompress payload: the zstd frame declared ${sizeBytes} bytes but held ${out.length}`);
    }
    return out;
  }
}

function decompressOrCorrupt(bytes: Uint8Array, sizeBytes: number): Uint8Array {
  try {
    return decompress(bytes, { defaultHeapSize: sizeBytes });
  } catch (cause) {
    // The binding throws a plain Error carrying zstd's error code: translate it.
    throw new NoctemError('FORMAT_CORRUPT', 'Cannot decompress payload: the zstd frame is damaged', { cause });
  }
}

function decompressEmpty(bytes: Uint8Array): Uint8Array {
  // Decompress into a one-byte buffer so an empty frame that holds data fails the length check.
  const out = decompressOrCorrupt(bytes, 1);
  if (out.length !== 0) throw new NoctemError('FORMAT_CORRUPT', 'Cannot decompress payload: an empty zstd frame holds data');
  return out;
}
