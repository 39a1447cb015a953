/**
 * The compression port of the `.nik` writer and reader: pure code receives a
 * {@link PayloadCodec} instead of importing a zstd binding (STYLE.md rule 3). The one
 * implementation is `ZstdCodec` (zstd-codec.ts); the format requires standard zstd frames
 * that declare their content size.
 */

/** Compresses and decompresses page payloads. */
export interface PayloadCodec {
  /**
   * Compresses `bytes` into one standard zstd frame that declares its content size.
   * @param bytes - the raw payload
   * @returns the frame
   */
  compress(bytes: Uint8Array): Uint8Array;
  /**
   * Decompresses one frame, refusing before it allocates when the frame does not declare
   * its content size or declares more than `maxBytes`.
   * @param bytes - the frame, untrusted
   * @param maxBytes - the most bytes the caller accepts
   * @returns exactly the declared content
   * @throws {NoctemError} FORMAT_CORRUPT when the frame is damaged, undeclared or too large
   */
  decompress(bytes: Uint8Array, maxBytes: number): Uint8Array;
}
