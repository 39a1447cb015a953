/**
 * @module security
 * Guardrails: the append-only, hash-chained audit log with signed tree heads; keys
 * derived from the person's passphrase (scrypt) for encryption at rest; the skill
 * sandboxes behind the `Sandbox` port (QuickJS in WebAssembly, bubblewrap + prlimit + Node's
 * permission model, gVisor), their shared contract and real probes; the approvals queue and
 * the terminal-safe text of its prompts. Ports: `TreeHeadSigner` (the identity signs),
 * `Sandbox`, `SandboxHost` (the skills layer's capability broker answers).
 * Limits: auditEntriesPerTreeHeadMax, auditDetailsBytesMax, auditListEntriesMax,
 * scryptCost, doctorProbeMsMax, the skill run limits (skillMemoryBytesDefault, skillCpuMsDefault,
 * skillWallMsDefault, skillStackBytesDefault, skillOutputBytesMax, skillKillMsMax,
 * skillHostCallsMax, skillHostCallsInFlightMax, skillProcess*), and the approval limits
 * (approvalTimeoutMsMax, approvalPollMs, approvalSummaryCharsMax, approvalScopeCharsMax, …).
 */
export * from './audit-entry.ts';
export { AuditLog, type AuditRecord, type TreeHeadSigner } from './audit-log.ts';
export { verifyAuditLog, type AuditVerification } from './audit-verify.ts';
export * from './passphrase-key.ts';
export * from './sandbox.ts';
export { probeSandboxTiers, type SandboxMakers, type SandboxTierProbe } from './process-sandbox-probe.ts';
export * from './display-text.ts';
export * from './approval-record.ts';
export * from './approval-queue.ts';
export * from './approval-prompt.ts';
export { createQuickJsSandbox, QuickJsSandbox, quickJsStackBytesMax, quickJsWatchdogGraceMs, type QuickJsSandboxInfo } from './quickjs-sandbox.ts';
export { BubblewrapSandbox, createBubblewrapSandbox, type BubblewrapSandboxOptions } from './bubblewrap-sandbox.ts';
export { RunscSandbox, createRunscSandbox, type RunscSandboxOptions } from './runsc-sandbox.ts';
