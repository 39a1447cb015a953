/**
 * @module identity
 * Who this home is: a self-certifying DID (did:key of the genesis Ed25519 key), hybrid
 * Ed25519 + SLH-DSA-SHA2-128f keys (D11), the Living Will key event log with KERI-style
 * pre-rotation (spec "The Living Will Protocol"), W3C Verifiable Credentials with
 * `eddsa-jcs-2022` proofs, and the profile (spec §6.3.1-6.3.2).
 *
 * Ports: `KeyVault` (secrets; adapter `openFsKeyVault`, the layer's only `node:fs` user),
 * and the store's `HomeStore` (databases `keyEvents`, `profile`).
 * Services: `IdentityService`, `CredentialService`, `ProfileService`.
 * Limits: keyEventsMax, keyFileSizeBytesMax, keyringEntriesMax, genesisFileSizeBytesMax,
 * credentialClaimsMax, profileEventsMax, profileTopicsMax, profileTopicCharsMax,
 * profileEventCharsMax, identityNameCharsMax.
 * Decisions: docs/decisions.md ("Identity").
 */
export * from './hybrid-signature.ts';
export * from './hybrid-codec.ts';
export * from './digest.ts';
export * from './did-key.ts';
export * from './did-document.ts';
export * from './key-event.ts';
export { keyEventShapeError } from './key-event-shape.ts';
export * from './key-event-log.ts';
export * from './key-event-store.ts';
export * from './identity-signature.ts';
export * from './key-vault.ts';
export { openFsKeyVault, type FsKeyVaultOptions } from './fs-key-vault.ts';
export { keyringFormat } from './keyring-codec.ts';
export * from './genesis-export.ts';
export * from './data-integrity.ts';
export * from './credential.ts';
export * from './device-membership.ts';
export * from './profile.ts';
export * from './profile-service.ts';
export * from './identity-summary.ts';
export * from './identity-service.ts';
export * from './credential-service.ts';
