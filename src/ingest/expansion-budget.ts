/**
 * The zip-bomb guard (spec §5.3.5): one budget per root file, shared by every archive
 * opened beneath it, charged with the bytes archive readers actually produce (counted
 * while streaming, never taken from headers) and with each entry seen. Pure.
 */
import { NoctemError } from '../core/index.ts';

/** The bounds a budget enforces. */
export interface ExpansionLimits {
  /** Bytes all archive readers may produce under one root file. */
  readonly expandedBytesMax: number;
  /** Expanded bytes over root bytes above which expansion aborts. */
  readonly expansionRatioMax: number;
  /** Expanded bytes below which the ratio is not checked. */
  readonly ratioCheckBytesMin: number;
  /** Entries (files, folders, links) all archives may hold under one root file. */
  readonly entriesMax: number;
}

/**
 * Counts expansion under one root file. Invariant: once a charge throws, `tripped` is
 * true and every later charge throws too, so nested readers unwind to the root.
 */
export class ExpansionBudget {
  readonly #rootBytes: number;
  readonly #limits: ExpansionLimits;
  #expandedBytes = 0;
  #entries = 0;
  #tripped: NoctemError | undefined;

  /**
   * @param rootBytes - size of the root file (the ratio's denominator)
   * @param limits - the bounds
   */
  constructor(rootBytes: number, limits: ExpansionLimits) {
    this.#rootBytes = Math.max(1, rootBytes);
    this.#limits = limits;
  }

  /** Bytes charged so far. */
  get expandedBytes(): number {
    return this.#expandedBytes;
  }

  /** Entries charged so far. */
  get entries(): number {
    return this.#entries;
  }

  /** True once a limit was exceeded. */
  get tripped(): boolean {
    return this.#tripped !== undefined;
  }

  /** Bytes that may still be produced before the byte cap. */
  get remainingBytes(): number {
    return Math.max(0, this.#limits.expandedBytesMax - this.#expandedBytes);
  }

  /**
   * Charges bytes produced by a reader.
   * @param bytes - the size of the chunk just produced
   * @throws {NoctemError} INGEST_LIMIT when the byte cap or the ratio is exceeded
   */
  chargeBytes(bytes: number): void {
    if (this.#tripped !== undefined) throw this.#tripped;
    this.#expandedBytes += bytes;
    const { expandedBytesMax, expansionRatioMax, ratioCheckBytesMin } = this.#limits;
    if (this.#expandedBytes > expandedBytesMax) {
      this.#trip(`the archive expands past ${expandedBytesMax} bytes`);
    }
    const ratio = this.#expandedBytes / this.#rootBytes;
    if (this.#expandedBytes > ratioCheckBytesMin && ratio > expansionRatioMax) {
      this.#trip(`the archive expands more than ${expansionRatioMax} times its size (${this.#expandedBytes} bytes from ${this.#rootBytes})`);
    }
  }

  /**
   * Charges one archive entry.
   * @throws {NoctemError} INGEST_LIMIT when the entry cap is exceeded
   */
  chargeEntry(): void {
    if (this.#tripped !== undefined) throw this.#tripped;
    this.#entries += 1;
    if (this.#entries > this.#limits.entriesMax) this.#trip(`the archive holds more than ${this.#limits.entriesMax} entries`);
  }

  #trip(reason: string): never {
    this.#tripped = new NoctemError('INGEST_LIMIT', `Stopped expanding: ${reason}`, {
      details: { expandedBytes: this.#expandedBytes, entries: this.#entries, rootBytes: this.#rootBytes },
    });
    throw this.#tripped;
  }
}
