/**
 * @module security
 * Guardrails: the append-only, hash-chained audit log with signed tree heads; keys
 * derived from the person's passphrase (scrypt) for encryption at rest; probes of the
 * sandbox tiers this machine offers. Ports: `TreeHeadSigner` (the identity signs).
 * Limits: auditEntriesPerTreeHeadMax, auditDetailsBytesMax, auditListEntriesMax,
 * scryptCost, doctorProbeMsMax.
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
