/**
 * Runs an installed skill: refuses while the kill switch is engaged, re-reads the installed
 * files and checks them against the digest recorded at install (so the bytes that run are
 * the bytes that were verified), picks the sandbox tier, charges the metabolic cost, and
 * runs the entry in the sandbox with only the granted capabilities behind the broker. The
 * run's start and end are audited with the skill's name, version, digest and tier; the kill
 * switch aborts it through the sandbox's signal.
 */
import { NoctemError, assert, limits, type Clock } from '../core/index.ts';
import type { Sandbox, SandboxRunLimits, SandboxRunResult } from '../security/index.ts';
import type { StoreReader } from '../store/index.ts';
import { createCapabilityBroker, grantedMethods } from './capability-broker.ts';
import { skillPackageDigest, type SkillPackage } from './skill-digest.ts';
import type { SkillTier } from './skill-manifest.ts';
import { requireInstalledSkill, type InstalledSkill } from './skill-registry.ts';
import type { SkillServices } from './skill-services.ts';
import { candidateTiers } from './skill-tier.ts';

/** A private folder for one run. */
export interface RunFolder {
  readonly path: string;
  remove(): Promise<void>;
}

/** What the runner needs from the home and the machine. */
export interface SkillRunPorts {
  readonly store: StoreReader;
  readonly clock: Clock;
  /** The services behind the capabilities, for this skill (its name and digest go into audits and approvals). */
  services(skill: InstalledSkill): SkillServices;
  /** Reads the package installed in `<home>/skills/<folder>`. */
  readPackage(folder: string): Promise<SkillPackage>;
  /** The sandbox tiers that work here. */
  availableTiers(): Promise<ReadonlySet<SkillTier>>;
  /** The sandbox of a tier (the port caches and closes them). */
  sandbox(tier: SkillTier): Promise<Sandbox>;
  /** A fresh private folder for one run. */
  makeRunFolder(): Promise<RunFolder>;
  /** The skill's own folder for relative `fs.*` paths. */
  sandboxDirOf(name: string): string;
  /** Throws KILL_SWITCH_ENGAGED while the kill switch is engaged. */
  assertAlive(): void;
  /** A signal that aborts when the kill switch is engaged; `stop` ends the watch. */
  watchKill(): { readonly signal: AbortSignal; stop(): void };
  /** Charges one run's metabolic cost (`externalCall`; a person's run is never refused, decision MC2). */
  charge(skill: InstalledSkill): void;
}

/** One run request. */
export interface SkillRunRequest {
  readonly name: string;
  /** JSON value given to `main`. */
  readonly input: unknown;
  /** A tier to use instead of the strongest available. */
  readonly tier?: SkillTier | undefined;
  /** Overrides of the default limits. */
  readonly limits?: Partial<SandboxRunLimits>;
}

/** A finished run. */
export interface SkillRunOutput {
  readonly skill: string;
  readonly version: string;
  readonly tier: SkillTier;
  readonly output: unknown;
  readonly wallMs: number;
  readonly startMs: number;
}

/** The default limits of a run. */
export const defaultSkillRunLimits: SandboxRunLimits = Object.freeze({
  memoryBytesMax: limits.skillMemoryBytesDefault,
  cpuMsMax: limits.skillCpuMsDefault,
  wallMsMax: limits.skillWallMsDefault,
  stackBytesMax: limits.skillStackBytesDefault,
  outputBytesMax: limits.skillOutputBytesMax,
});

/**
 * Runs skill `request.name`.
 * @throws {NoctemError} KILL_SWITCH_ENGAGED, SKILL_NOT_FOUND, SKILL_TAMPERED, SANDBOX_UNAVAILABLE,
 *   SKILL_CALL_INVALID (input too large), the sandbox's SKILL_FAILED, SKILL_LIMIT_EXCEEDED,
 *   SKILL_KILLED, and the code of a capability refusal the skill let escape
 */
export async function runInstalledSkill(ports: SkillRunPorts, request: SkillRunRequest): Promise<SkillRunOutput> {
  ports.assertAlive();
  const skill = requireInstalledSkill(ports.store, request.name);
  const pkg = await ports.readPackage(skill.folder);
  const digest = skillPackageDigest(pkg);
  if (digest !== skill.digest) {
    throw new NoctemError('SKILL_TAMPERED', `The installed files of "${skill.manifest.name}" changed since it was installed`, { details: { installed: skill.digest, actual: digest } });
  }
  const inputText = JSON.stringify(request.input ?? null);
  if (inputText.length > limits.skillOutputBytesMax) throw new NoctemError('SKILL_CALL_INVALID', `The input is larger than ${limits.skillOutputBytesMax} characters of JSON`);
  const tiers = candidateTiers(skill.manifest.tier, { available: await ports.availableTiers(), requested: request.tier });
  ports.charge(skill);
  const run = { input: JSON.parse(inputText) as unknown, limits: { ...defaultSkillRunLimits, ...request.limits } };
  const services = ports.services(skill);
  for (const [index, tier] of tiers.entries()) {
    const who = { skill: skill.manifest.name, version: skill.manifest.version, digest: skill.digest, tier };
    services.audit('skill.run', { ...who, inputBytes: inputText.length });
    try {
      const result = await runInSandbox(ports, services, { skill, pkg, ...run, tier });
      services.audit('skill.run.end', { ...who, outcome: 'ok', wallMs: Math.round(result.wallMs), startMs: Math.round(result.startMs) });
      return { skill: skill.manifest.name, version: skill.manifest.version, tier, output: result.output, wallMs: result.wallMs, startMs: result.startMs };
    } catch (error) {
      const failure = error instanceof FailedToStart ? error.reason : error;
      const outcome = failure instanceof NoctemError ? failure.code : 'INTERNAL';
      const next = tiers[index + 1];
      const fallback = error instanceof FailedToStart && next !== undefined;
      services.audit('skill.run.end', { ...who, outcome, limit: failure instanceof NoctemError ? (failure.details['limit'] ?? null) : null, ...(fallback ? { fallback: next } : {}) });
      if (!fallback) throw error instanceof FailedToStart ? error.reason : error;
    }
  }
  assert(false, 'the last candidate tier returns or throws');
}

/** A sandbox that could not start before the skill made any call: another tier may run it. */
class FailedToStart extends Error {
  constructor(readonly reason: NoctemError) {
    super(reason.message);
  }
}

async function runInSandbox(
  ports: SkillRunPorts,
  services: SkillServices,
  run: { readonly skill: InstalledSkill; readonly pkg: SkillPackage; readonly input: unknown; readonly tier: SkillTier; readonly limits: SandboxRunLimits },
): Promise<SandboxRunResult> {
  let sandbox: Sandbox;
  try {
    sandbox = await ports.sandbox(run.tier);
  } catch (error) {
    throw error instanceof NoctemError && error.code === 'SANDBOX_UNAVAILABLE' ? new FailedToStart(error) : error;
  }
  const { skill, pkg } = run;
  const broker = createCapabilityBroker(
    { name: skill.manifest.name, version: skill.manifest.version, digest: skill.digest, grants: skill.grants, sandboxDir: ports.sandboxDirOf(skill.manifest.name) },
    services,
  );
  // The last refusal the broker gave: when the skill lets it escape, the run fails with its code.
  let refusal: NoctemError | undefined;
  let calls = 0;
  const host = {
    call: (call: Parameters<typeof broker.call>[0]) => {
      calls += 1;
      return broker.call(call).catch((error: unknown) => {
        if (error instanceof NoctemError) refusal = error;
        throw error;
      });
    },
  };
  const folder = await ports.makeRunFolder();
  const kill = ports.watchKill();
  try {
    return await sandbox.run({
      files: new Map(pkg.files.map((file) => [file.path, file.bytes])),
      entry: skill.manifest.entry,
      input: run.input,
      methods: grantedMethods(skill.grants),
      host,
      limits: run.limits,
      workDir: folder.path,
      signal: kill.signal,
    });
  } catch (error) {
    // Nothing reached the host yet: no capability had an effect, so another tier may run it.
    if (error instanceof NoctemError && error.code === 'SANDBOX_UNAVAILABLE' && calls === 0) throw new FailedToStart(error);
    throw escapedRefusal(error, refusal);
  } finally {
    kill.stop();
    await folder.remove();
  }
}

/** A SKILL_FAILED caused by an uncaught capability refusal becomes that refusal. */
function escapedRefusal(error: unknown, refusal: NoctemError | undefined): unknown {
  if (refusal === undefined || !(error instanceof NoctemError) || error.code !== 'SKILL_FAILED') return error;
  const skillError = String(error.details['skillError'] ?? '');
  if (!skillError.includes(refusal.message.slice(0, 80))) return error;
  return new NoctemError(refusal.code, `The skill stopped on a refused capability: ${refusal.message}`, { details: { ...refusal.details, skillError } });
}
