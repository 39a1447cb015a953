/**
 * Record pages (kind 1) and deletion pages (kind 2) of a home checkpoint (docs/formats/nik.md
 * "Record pages"). A page is `u32 count` then its entries; pages are numbered 0, 1, 2, … within
 * their kind and hold at most `limits.checkpointPageRecordsMax` entries and
 * `limits.nikPageBytesMax` bytes.
 *
 * - record entry: `u8 database code · key · value` (key and value in store-value-codec.ts form);
 * - deletion entry: `u8 database code · key`, a record or node (code 5, key `hilbertKey ‖ id`)
 *   that the parent chain holds and this checkpoint's home no longer does.
 *
 * `u8 code · key` is also the record's key in the `checkpointIndex` database.
 */
import { limits } from '../core/index.ts';
import { storeBinaryKeyDatabases, type StoreKey } from '../store/index.ts';
import { ByteSink, ByteSource } from './byte-cursor.ts';
import { checkpointDatabaseOf, checkpointMetaKeys, type CheckpointDatabase } from './home-checkpoint-databases.ts';
import { nikPageFlag, nikPageKind } from './nik-layout.ts';
import type { NikPageInput } from './nik-writer.ts';
import { readStoreValue } from './store-value-codec.ts';

/** A record entry as stored: its index key (code ‖ key) and its value's canonical bytes. */
export interface EncodedRecord {
  /** `u8 code ‖ canonical key`. */
  readonly indexKey: Uint8Array;
  /** The canonical value bytes; undefined for a deletion entry. */
  readonly value?: Uint8Array;
}

/** A decoded record or deletion entry. */
export interface CheckpointRecord {
  readonly db: CheckpointDatabase;
  readonly key: StoreKey;
  /** `u8 code ‖ canonical key` (a copy). */
  readonly indexKey: Uint8Array;
  /** The value; undefined for a deletion entry. */
  readonly value?: unknown;
}

/**
 * The pages of a list of entries.
 * @param entries - record entries (with values) or deletion entries (without)
 * @param options - the page kind (records or deleted ids) and extra flags (DIRTY)
 */
export function recordPages(entries: readonly EncodedRecord[], options: { kind: number; flags: number }): NikPageInput[] {
  const pages: NikPageInput[] = [];
  const flags = options.flags | (options.kind === nikPageKind.deletedIds ? nikPageFlag.deleted : 0);
  let sink = new ByteSink();
  let count = 0;
  const flush = (): void => {
    if (count === 0) return;
    const payload = sink.result();
    new DataView(payload.buffer).setUint32(0, count, true);
    pages.push({ id: BigInt(pages.length), kind: options.kind, payload, flags });
    [sink, count] = [new ByteSink(), 0];
  };
  for (const entry of entries) {
    const size = entry.indexKey.length + (entry.value?.length ?? 0);
    if (count === limits.checkpointPageRecordsMax || (count > 0 && sink.length + size > limits.nikPageBytesMax)) flush();
    if (count === 0) sink.u32(0);
    sink.bytes(entry.indexKey);
    if (entry.value !== undefined) sink.bytes(entry.value);
    count++;
  }
  flush();
  return pages;
}

/**
 * The entries of a record page (with values) or a deletion page (without).
 * @param payload - the decoded payload, untrusted
 * @param withValues - true for a record page, false for a deletion page
 * @throws {NoctemError} FORMAT_CORRUPT on an unknown database code, a key of the wrong type
 *   for its database, a `meta` key that is not the memory's, or any codec error
 */
export function decodeRecordPage(payload: Uint8Array, withValues: boolean): CheckpointRecord[] {
  const source: ByteSource = new ByteSource(payload, withValues ? 'a checkpoint record page' : 'a checkpoint deletion page');
  const count = source.u32();
  if (count < 1 || count > limits.checkpointPageRecordsMax) source.corrupt(`it holds ${count} entries, not 1 to ${limits.checkpointPageRecordsMax}`);
  // Every entry takes at least a code byte and a key tag.
  source.need(count * 2);
  const out: CheckpointRecord[] = [];
  for (let n = 0; n < count; n++) {
    const start = source.at;
    const code = source.u8();
    const db = checkpointDatabaseOf(code);
    if (db === undefined || (withValues && db === 'nodes')) source.corrupt(`entry ${n} names database code ${code}`);
    const key = checkedKey(db, readStoreValue(source), source);
    const indexKey = source.since(start).slice();
    if (indexKey.length > limits.checkpointKeyBytesMax) source.corrupt(`a ${db} key takes ${indexKey.length} bytes, more than ${limits.checkpointKeyBytesMax}`);
    out.push(withValues ? { db, key, indexKey, value: readStoreValue(source) } : { db, key, indexKey });
  }
  if (source.left !== 0) source.corrupt(`${source.left} bytes follow its last entry`);
  return out;
}

/** A valid part of an ordered-binary key: LMDB refuses empty keys, and NaN has no place in a key order. */
function isKeyPart(k: unknown): boolean {
  return (typeof k === 'string' && k.length > 0) || (typeof k === 'number' && Number.isFinite(k));
}

function checkedKey(db: CheckpointDatabase, key: unknown, source: ByteSource): StoreKey {
  const binary = storeBinaryKeyDatabases.has(db);
  const valid = binary ? key instanceof Uint8Array && key.length > 0 : isKeyPart(key) || (Array.isArray(key) && key.length > 0 && key.every(isKeyPart));
  if (!valid) source.corrupt(`a ${db} key has the wrong type`);
  if (db === 'meta' && !checkpointMetaKeys.includes(key as string)) source.corrupt(`"${String(key)}" is not a memory key of meta`);
  return key as StoreKey;
}
