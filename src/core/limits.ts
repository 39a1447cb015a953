/**
 * Every named limit in Noctem (STYLE.md rule 4): one frozen object, units last in the
 * keys. Code refers to a limit by its name, never by its value. Relations between limits
 * are asserted at load.
 */
import { assert } from './assert.ts';

/** The limits. Configurable ones are defaults that `noctem.json` may lower or raise. */
export const limits = Object.freeze({
  /** Largest noctem.json we read. */
  configSizeBytesMax: 1024 * 1024,
  /** Largest identity/keys.json we read. */
  keyFileSizeBytesMax: 4 * 1024 * 1024,
  /** Largest credential file `credential verify` reads. */
  credentialSizeBytesMax: 1024 * 1024,
  /** Claims in one issued credential. */
  credentialClaimsMax: 256,
  /** Key events walked when verifying one identity's log. */
  keyEventsMax: 100_000,
  /** Audit entries appended between two signed tree heads. */
  auditEntriesPerTreeHeadMax: 1000,
  /** Size of one audit entry's details after JSON encoding. */
  auditDetailsBytesMax: 64 * 1024,
  /** Audit entries listed by one `noctem audit` call. */
  auditListEntriesMax: 10_000,
  /** Significant events kept in the profile (spec §6.3.1). */
  profileEventsMax: 1000,
  /** Topics tracked in the profile. */
  profileTopicsMax: 10_000,
  /** Length of one profile event text. */
  profileEventCharsMax: 2000,
  /** Initial LMDB map size; LMDB grows it as needed. */
  storeMapSizeBytesInitial: 256 * 1024 * 1024,
  /** Named databases in the LMDB environment. */
  storeDatabasesMax: 32,
  /** scrypt cost parameter N (2^17) for the passphrase key. */
  scryptCost: 2 ** 17,
  /** Wall time of one passphrase prompt. */
  passphrasePromptMsMax: 5 * 60_000,
  /** Wall time of one sandbox-tier probe in `doctor`. */
  doctorProbeMsMax: 5000,
});

/** The type of {@link limits}. */
export type Limits = typeof limits;

assert(limits.auditEntriesPerTreeHeadMax <= limits.auditListEntriesMax, 'a tree-head span fits a listing');
assert(limits.profileEventCharsMax * limits.profileEventsMax < limits.storeMapSizeBytesInitial, 'profile fits the map');
