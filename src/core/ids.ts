/**
 * Branded identifier types (STYLE.md rule 7): a `Did` cannot be passed where a `NodeId`
 * is expected, though both are strings at run time.
 */

declare const brand: unique symbol;

/** Adds a compile-time brand to a primitive type. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A decentralized identifier, e.g. `did:key:z6Mk…`. */
export type Did = Brand<string, 'Did'>;
/** A memory node id (hex). */
export type NodeId = Brand<string, 'NodeId'>;
/** A chunk id (hex of the chunk's content hash and position). */
export type ChunkId = Brand<string, 'ChunkId'>;
/** A source document id (hex). */
export type SourceId = Brand<string, 'SourceId'>;
/** A key id: multibase of a public key hash. */
export type KeyId = Brand<string, 'KeyId'>;
