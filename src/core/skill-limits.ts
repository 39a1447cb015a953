/**
 * The limits of skills, sandboxes, approvals and the kill switch (issue 7), kept apart from
 * `limits.ts` only to keep files small: `limits` spreads them into its one frozen object, so
 * code still names them `limits.skillCpuMsDefault` and so on.
 */

/** Skill, sandbox, approval and kill-switch limits; read them through `limits`. */
export const skillLimits = {
  /** Bytes of a skill manifest (`noctem-skill.json`) as read from disk. */
  skillManifestBytesMax: 65_536,
  /** Characters of a skill's name (a lowercase slug). */
  skillNameCharsMax: 64,
  /** Characters of a skill's version (semver). */
  skillVersionCharsMax: 128,
  /** Characters of a skill's description. */
  skillDescriptionCharsMax: 500,
  /** Characters of one path inside a skill package (entry, listed files). */
  skillPathCharsMax: 512,
  /** Capabilities one skill manifest may declare. */
  skillCapabilitiesMax: 32,
  /** Scope entries (hosts, paths, secret names) of one capability. */
  skillScopeEntriesMax: 64,
  /** Characters of one scope entry. */
  skillScopeEntryCharsMax: 256,
  /** Files in one skill package. */
  skillPackageFilesMax: 2_000,
  /** Total bytes of the files of one skill package. */
  skillPackageBytesMax: 64 * 1024 * 1024,
  /** Bytes of a package's `noctem-skill.sig.json` (a hybrid signature is about 23 KB of JSON). */
  skillSignatureBytesMax: 64 * 1024,
  /** Bytes of a package's `noctem-skill.kel.json`, the author's key event log. */
  skillKeyEventsBytesMax: 8 * 1024 * 1024,
  /** Bytes of one `.js`/`.mjs` file the static scan parses. */
  skillScanFileBytesMax: 4 * 1024 * 1024,
  /** Syntax-tree nodes the static scan builds for one package, all modules together (~180 bytes each). */
  skillScanNodesMax: 500_000,
  /** Findings of each severity one scan report keeps. */
  skillScanFindingsMax: 1_000,
  /** Findings SKILL_SCAN_REFUSED carries in `details.findings`. */
  skillScanFindingsReportedMax: 50,
  /** Memory a skill run may use by default (QuickJS heap, process address space), bytes. */
  skillMemoryBytesDefault: 64 * 1024 * 1024,
  /** CPU time of a skill run by default, ms. */
  skillCpuMsDefault: 2_000,
  /** Wall-clock time of a skill run by default, including host calls (not approval waits' timeout), ms. */
  skillWallMsDefault: 120_000,
  /** Stack of a skill run, bytes. */
  skillStackBytesDefault: 1024 * 1024,
  /** Bytes of a skill's JSON output, and of any one message it sends to the host. */
  skillOutputBytesMax: 1024 * 1024,
  /** Time the kill switch may take to stop a running skill, ms. */
  skillKillMsMax: 1_000,
  /** Capability calls one skill run may make. */
  skillHostCallsMax: 10_000,
  /** Capability calls of one run in flight at once. */
  skillHostCallsInFlightMax: 16,
  /** Open files of a process-tier skill (RLIMIT_NOFILE). */
  skillProcessFilesMax: 64,
  /** Processes of the sandbox user (RLIMIT_NPROC). */
  skillProcessesMax: 64,
  /** Bytes of one file a process-tier skill may write (RLIMIT_FSIZE), in its private /tmp. */
  skillProcessFileBytesMax: 16 * 1024 * 1024,
  /** Bytes of a response body `net.fetch` returns to a skill. */
  skillFetchBytesMax: 4 * 1024 * 1024,
  /** Time one `net.fetch` may take, ms. */
  skillFetchMsMax: 30_000,
  /** Redirects one `net.fetch` follows (each checked against the allowlist). */
  skillFetchRedirectsMax: 5,
  /** Bytes of a file `fs.read` returns, or `fs.write` writes, for a skill. */
  skillFileBytesMax: 16 * 1024 * 1024,
  /** How long a capability request waits for the person's approval before it is denied, ms. */
  approvalTimeoutMsDefault: 120_000,
  /** Interval at which a waiting request polls the approvals database, ms. */
  approvalPollMs: 100,
  /** Pending approvals `noctem approvals list` shows at most. */
  approvalsListMax: 1_000,
  /** Longest a capability request may wait for a decision, ms. */
  approvalTimeoutMsMax: 60 * 60 * 1000,
  /** Characters of an approval's summary as stored and shown (after sanitizing). */
  approvalSummaryCharsMax: 200,
  /** Characters of an approval's scope (one host, path or secret name) as stored and shown. */
  approvalScopeCharsMax: 256,
  /** Characters of a capability method name an approval records (`net.fetch`). */
  approvalMethodCharsMax: 64,
  /** How long a decided (or expired) approval record is kept after its decision, ms. */
  approvalRecordKeepMs: 30 * 24 * 60 * 60 * 1000,
  /** Old approval records one request removes at most (more than one, so pruning catches up). */
  approvalPruneBatchMax: 4,
  /** Tries at a fresh random id when one collides with a stored approval. */
  approvalIdAttemptsMax: 8,
  /** Interval at which runs and the daemon look for the kill-switch file, ms. */
  killSwitchPollMs: 50,
  /** Bytes of the kill-switch file (`<home>/KILL`) read; a larger one still counts as engaged. */
  killSwitchFileBytesMax: 16 * 1024,
  /** Characters of the reason `noctem kill --reason` records. */
  killReasonCharsMax: 1_000,
  /** How long a halting daemon waits for its work (a nap, a watch drain) to reach a safe point before it stops without it, ms. */
  killHaltGraceMs: 600,
  /** Bytes of the skills policy file (`<home>/policy.json`). */
  policyBytesMax: 256 * 1024,
  /** Pre-approval rules one policy file may hold. */
  policyRulesMax: 1_000,
  /** Characters of a policy rule's note. */
  policyNoteCharsMax: 500,
  /** Characters of a query a skill passes to `memory.search`. */
  skillQueryCharsMax: 2_000,
  /** Hits `memory.search` returns to a skill at most. */
  skillMemoryHitsMax: 50,
  /** Characters of a note a skill stores with `memory.write`. */
  skillNoteCharsMax: 256 * 1024,
  /** Characters of a prompt a skill sends with `llm.complete`. */
  skillPromptCharsMax: 64 * 1024,
  /** Installed skills `noctem skill list` reads at most. */
  skillsListMax: 10_000,
};
