/**
 * Composes the skills layer for one open home: the sandboxes (built once per process and
 * closed with the host), the services behind the capabilities (memory opened lazily on the
 * first memory call, the HTTP client, scoped files, secrets from the environment, the
 * language model), approvals (policy first, then the terminal prompt, else the approvals
 * queue a person answers with `noctem approvals grant|deny`), the kill switch and the
 * metabolic charge. Every capability decision is audited.
 */
import { randomBytes } from 'node:crypto';
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { NoctemError, limits } from '../core/index.ts';
import {
  ApprovalQueue, approvalPromptText, approvalQuestion, createBubblewrapSandbox, createQuickJsSandbox, createRunscSandbox, parseApprovalAnswer,
  type Sandbox, type SandboxMakers, type SandboxTier,
} from '../security/index.ts';
import {
  fetchForSkill, preapproval, readScopedFile, readSkillPackage, readSkillPolicy, removeSkillFolder, writeScopedFile, writeSkillPackage,
  type ApprovalAnswer, type ApprovalAsk, type HttpFetch, type InstalledSkill, type SkillInstallPorts, type SkillRunPorts, type SkillServices,
} from '../skills/index.ts';
import type { Noctem } from './compose.ts';
import { assertNotKilled, watchKillSwitch } from './fs-kill-switch.ts';
import { openMemory, type Memory } from './memory.ts';
import { chargeMetabolism } from './metabolic-costs.ts';

/** How the host talks to the person. */
export interface SkillInteraction {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A terminal is attached: approvals are asked there. */
  readonly isTty: boolean;
  readonly prompt: (question: string) => Promise<string>;
  /** Writes a line for the person (stderr). */
  readonly notice: (line: string) => void;
  /** The HTTP client. @default the platform fetch */
  readonly fetch?: HttpFetch;
}

/** The composed skills host; `close` releases the sandboxes it made (QuickJS threads). */
export interface SkillHost {
  /** The ports `runInstalledSkill` needs. */
  readonly run: SkillRunPorts;
  readonly install: Omit<SkillInstallPorts, 'confirm'>;
  close(): Promise<void>;
}

/** Builds the skills host over `noctem`. */
export function createSkillHost(noctem: Noctem, interaction: SkillInteraction): SkillHost {
  const sandboxes = new Map<SandboxTier, Promise<Sandbox>>();
  let memory: Promise<Memory> | undefined;
  const memoryOf = (): Promise<Memory> => (memory ??= openMemory(noctem, { env: interaction.env, workers: 1 }));
  const queue = new ApprovalQueue({ store: noctem.store, audit: noctem.audit, clock: noctem.clock, randomId: () => randomBytes(5).toString('hex') });
  const sandbox = (tier: SandboxTier): Promise<Sandbox> => {
    const made = sandboxes.get(tier) ?? sandboxMakers[tier]();
    sandboxes.set(tier, made);
    return made;
  };
  const install: Omit<SkillInstallPorts, 'confirm'> = {
    store: noctem.store, audit: noctem.audit, clock: noctem.clock,
    ownIdentity: () => ({ did: noctem.identity.keyState().did, events: noctem.identity.keyEvents() }),
    availableTiers,
    writeFolder: (folder, source) => writeSkillPackage(join(noctem.paths.skills, folder), source),
    removeFolder: (folder) => removeSkillFolder(join(noctem.paths.skills, folder)),
  };
  const run: SkillRunPorts = {
    store: noctem.store, clock: noctem.clock,
    services: (skill) => skillServices(noctem, { interaction, queue, memoryOf, skill }),
    readPackage: async (folder) => (await readSkillPackage(join(noctem.paths.skills, folder))).pkg,
    availableTiers, sandbox,
    makeRunFolder: async () => {
      const path = await mkdtemp(join(tmpdir(), 'noctem-run-'));
      return { path, remove: () => rm(path, { recursive: true, force: true }) };
    },
    sandboxDirOf: (name) => join(noctem.paths.sandbox, name),
    assertAlive: () => assertNotKilled(noctem.paths),
    watchKill: () => watchKillSwitch(noctem.paths),
    charge: () => void chargeMetabolism(noctem.store, { activity: 'externalCall', count: 1, nowMs: noctem.clock.nowMs() }),
  };
  return {
    run, install,
    close: async () => {
      for (const made of sandboxes.values()) (await made.catch(() => undefined))?.close();
      sandboxes.clear();
    },
  };
}

/** The sandbox adapters' factories, by tier. */
export const sandboxMakers: SandboxMakers = Object.freeze({
  quickjs: () => createQuickJsSandbox(),
  process: () => createBubblewrapSandbox(),
  gvisor: () => createRunscSandbox(),
});

/** The tiers whose programs are installed (QuickJS always); `noctem doctor` runs real probes. */
export async function availableTiers(): Promise<ReadonlySet<SandboxTier>> {
  const tiers = new Set<SandboxTier>(['quickjs']);
  if (await onPath('bwrap')) tiers.add('process');
  if (await onPath('runsc')) tiers.add('gvisor');
  return tiers;
}

async function onPath(program: string): Promise<boolean> {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter).slice(0, 64)) {
    if (dir === '') continue;
    try {
      await access(join(dir, program), constants.X_OK);
      return true;
    } catch {
      // Not in this folder: try the next one.
    }
  }
  return false;
}

interface ServiceParts {
  readonly interaction: SkillInteraction;
  readonly queue: ApprovalQueue;
  readonly memoryOf: () => Promise<Memory>;
  readonly skill: InstalledSkill;
}

function skillServices(noctem: Noctem, parts: ServiceParts): SkillServices {
  const { interaction, skill, memoryOf } = parts;
  return {
    memorySearch: async (query, k) => {
      const results = await (await memoryOf()).recall.search(query, { k });
      return results.map((r) => ({ id: r.id, source: r.source, snippet: r.snippet, score: r.score, untrusted: r.untrusted }));
    },
    memoryWrite: async (note) => {
      const path = `skills/${note.skill}/${noctem.clock.nowMs()}-${note.title.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 60)}.md`;
      const summary = await (await memoryOf()).ingest.ingest([{ path, bytes: new TextEncoder().encode(`# ${note.title}\n\n${note.text}\n`) }]);
      if (summary.files.ok !== 1) throw new NoctemError('SKILL_CALL_INVALID', `memory.write stored nothing (${summary.failures[0]?.reason ?? summary.skips[0]?.reason ?? 'skipped'})`);
      return { id: path, chunks: summary.chunks };
    },
    fetch: (request) => fetchForSkill(request, interaction.fetch),
    readFile: readScopedFile,
    writeFile: writeScopedFile,
    secret: async (name) => interaction.env[`NOCTEM_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`],
    complete: async (prompt, maxTokens) => {
      const model = (await memoryOf()).model;
      if (model === undefined) throw new NoctemError('LLM_UNAVAILABLE', 'No language model is configured (noctem.json llm or NOCTEM_LLM_URL)');
      return (await model.complete([{ role: 'user', content: prompt }], { maxTokens })).text;
    },
    approve: (ask) => approve(noctem, parts, ask),
    audit: (action, details) => noctem.audit.append({ actor: `skill:${skill.manifest.name}`, action, details }),
  };
}

async function approve(noctem: Noctem, parts: ServiceParts, ask: ApprovalAsk): Promise<ApprovalAnswer> {
  const { interaction, queue, skill } = parts;
  const record = queue.request({ skill: { name: skill.manifest.name, version: skill.manifest.version, digest: skill.digest }, ...ask, timeoutMs: limits.approvalTimeoutMsDefault });
  const policy = await readSkillPolicy(noctem.paths.root);
  const rule = preapproval(policy, { skill: skill.manifest.name, capability: ask.capability, scope: ask.scope });
  if (rule !== undefined) {
    queue.decide(record.id, 'grant', 'policy');
    interaction.notice(`noctem: pre-approved by policy rule ${rule.index + 1}: ${approvalPromptText(record).join(' | ')}`);
    return { granted: true, by: 'policy' };
  }
  if (interaction.isTty) {
    const answer = parseApprovalAnswer(await interaction.prompt(`${approvalPromptText(record).join('\n')}\n${approvalQuestion}`));
    const decided = queue.decide(record.id, answer, 'person');
    return { granted: decided.status === 'granted', by: 'person' };
  }
  interaction.notice(`noctem: waiting for approval ${record.id} (noctem approvals grant ${record.id}): ${approvalPromptText(record).join(' | ')}`);
  const kill = watchKillSwitch(noctem.paths);
  try {
    const decided = await queue.waitForDecision(record.id, { signal: kill.signal });
    return { granted: decided.status === 'granted', by: decided.decidedBy === 'timeout' ? 'timeout' : 'person' };
  } finally {
    kill.stop();
  }
}
