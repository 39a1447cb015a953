/**
 * The capability broker: the host side of every call a skill makes from its sandbox
 * (`SandboxHost`). For each call it checks, in order, that the method's capability was
 * granted at install, that the arguments are well formed, that the concrete scope (host,
 * path, secret name) lies inside the grant, and — for the network, writes outside the
 * skill's sandbox folder, secrets and self-modification (DESIGN rule 4) — that the person
 * approved it (or a policy rule pre-approved it, which is audited and announced, never
 * silent). Every request with its decision, and every result, goes to the audit log with
 * the skill's name, version and digest.
 */
import { NoctemError, limits } from '../core/index.ts';
import type { SandboxCall, SandboxHost, SandboxMethod } from '../security/index.ts';
import { checkFetchUrl, checkSecretName, resolveSkillPath } from './capability-scope.ts';
import type { SkillCapability, SkillCapabilityName } from './skill-manifest.ts';
import type { SkillServices } from './skill-services.ts';

/** Which skill is calling. */
export interface BrokerSkill {
  readonly name: string;
  readonly version: string;
  readonly digest: string;
  /** The capabilities granted at install, with their scopes. */
  readonly grants: readonly SkillCapability[];
  /** The skill's own folder for relative `fs.*` paths (`<home>/sandbox/<name>`). */
  readonly sandboxDir: string;
}

/** The capability each method needs. */
export const methodCapability: Readonly<Record<SandboxMethod, SkillCapabilityName>> = Object.freeze({
  'memory.search': 'memory.read',
  'memory.write': 'memory.write',
  'net.fetch': 'net.fetch',
  'fs.read': 'fs.read',
  'fs.write': 'fs.write',
  'secrets.get': 'secrets.get',
  'llm.complete': 'llm.complete',
  'self.modify': 'self.modify',
});

/** The methods a skill's `noctem` object holds: those whose capability was granted. */
export function grantedMethods(grants: readonly SkillCapability[]): SandboxMethod[] {
  const names = new Set(grants.map((g) => g.name));
  return (Object.keys(methodCapability) as SandboxMethod[]).filter((m) => names.has(methodCapability[m]));
}

/**
 * Builds the host a sandbox run calls.
 * @param skill - the calling skill and its grants
 * @param services - the ports behind the capabilities
 */
export function createCapabilityBroker(skill: BrokerSkill, services: SkillServices): SandboxHost {
  const who = { skill: skill.name, version: skill.version, digest: skill.digest };
  return {
    async call(call: SandboxCall): Promise<unknown> {
      const capability = methodCapability[call.method];
      let scope = '';
      try {
        const grant = skill.grants.find((g) => g.name === capability);
        if (grant === undefined || capability === undefined) throw new NoctemError('SKILL_CAPABILITY_DENIED', `The skill was not granted ${capability ?? call.method}`);
        const plan = planCall(call, grant, skill);
        scope = plan.scope;
        services.audit('skill.request', { ...who, method: call.method, capability, scope, approval: plan.approval === undefined ? 'not-needed' : 'asked' });
        if (plan.approval !== undefined) {
          const answer = await services.approve({ capability, method: call.method, scope, summary: plan.approval });
          if (!answer.granted) {
            throw new NoctemError('SKILL_APPROVAL_DENIED', `${call.method} on "${scope}" was not approved (${answer.by === 'timeout' ? 'timed out' : `denied by ${answer.by}`})`);
          }
        }
        const value = await plan.perform(services);
        services.audit('skill.result', { ...who, method: call.method, capability, scope, outcome: 'ok' });
        return value;
      } catch (error) {
        const code = error instanceof NoctemError ? error.code : 'INTERNAL';
        services.audit('skill.result', { ...who, method: call.method, capability: capability ?? null, scope, outcome: code });
        throw error;
      }
    },
  };
}

interface CallPlan {
  /** The concrete scope for the audit log and the approval. */
  readonly scope: string;
  /** The approval summary when one is needed. */
  readonly approval: string | undefined;
  perform(services: SkillServices): Promise<unknown>;
}

function planCall(call: SandboxCall, grant: SkillCapability, skill: BrokerSkill): CallPlan {
  const [first, second] = call.args;
  switch (call.method) {
    case 'memory.search': {
      const query = text(first, 'query', limits.skillQueryCharsMax);
      const k = integer(option(second, 'k'), 'k', 1, limits.skillMemoryHitsMax, 10);
      return { scope: 'memory', approval: undefined, perform: (s) => s.memorySearch(query, k) };
    }
    case 'memory.write': {
      const body = text(first, 'text', limits.skillNoteCharsMax);
      const title = optionalText(option(second, 'title'), 'title', 200) ?? 'note';
      return { scope: 'memory', approval: undefined, perform: (s) => s.memoryWrite({ skill: skill.name, title, text: body }) };
    }
    case 'net.fetch':
      return planFetch(first, second, grant);
    case 'fs.read': {
      const target = resolveSkillPath(first, { sandboxDir: skill.sandboxDir, scopes: grant.scope });
      return { scope: target.path, approval: undefined, perform: (s) => s.readFile(target.path, target.root) };
    }
    case 'fs.write': {
      const target = resolveSkillPath(first, { sandboxDir: skill.sandboxDir, scopes: grant.scope });
      const content = text(second, 'text', limits.skillFileBytesMax, true);
      const approval = target.inSandbox ? undefined : `write ${content.length} characters to ${target.path}`;
      return { scope: target.path, approval, perform: (s) => s.writeFile(target.path, content, target.root) };
    }
    case 'secrets.get': {
      const name = checkSecretName(first, grant.scope);
      return { scope: name, approval: `read the secret "${name}"`, perform: async (s) => (await s.secret(name)) ?? null };
    }
    case 'llm.complete': {
      const prompt = text(first, 'prompt', limits.skillPromptCharsMax);
      const maxTokens = integer(option(second, 'maxTokens'), 'maxTokens', 1, limits.llmCompletionTokensMax, 256);
      return { scope: 'llm', approval: undefined, perform: (s) => s.complete(prompt, maxTokens) };
    }
    case 'self.modify':
      throw new NoctemError('SKILL_CAPABILITY_DENIED', 'self.modify is reserved for the self-improvement loop; skills cannot hold it');
    default:
      throw new NoctemError('SKILL_CAPABILITY_DENIED', 'Unknown capability method');
  }
}

function planFetch(url: unknown, options: unknown, grant: SkillCapability): CallPlan {
  const parsed = checkFetchUrl(url, grant.scope);
  const method = option(options, 'method') ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') throw bad('method must be GET, HEAD or POST');
  const headers = headerRecord(option(options, 'headers'));
  const body = optionalText(option(options, 'body'), 'body', limits.skillFetchBytesMax);
  const request = { url: parsed, method, headers, body, hosts: grant.scope } as const;
  return { scope: parsed.host, approval: `${method} ${parsed.origin}${parsed.pathname}`, perform: (s) => s.fetch(request) };
}

function headerRecord(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw bad('headers must be an object of strings');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 32) throw bad('at most 32 headers');
  const out: Record<string, string> = {};
  for (const [name, v] of entries) {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(name) || typeof v !== 'string' || v.length > 4096 || /[\r\n]/.test(v)) throw bad(`header "${name.slice(0, 64)}" is not allowed`);
    if (/^(host|cookie|authorization|proxy-.*)$/i.test(name)) throw bad(`header "${name}" may not be set by a skill`);
    out[name] = v;
  }
  return out;
}

function option(value: unknown, key: string): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw bad('options must be an object');
  return (value as Record<string, unknown>)[key];
}

function text(value: unknown, name: string, charsMax: number, emptyOk = false): string {
  if (typeof value !== 'string' || (!emptyOk && value.length === 0) || value.length > charsMax) {
    throw bad(`${name} must be a ${emptyOk ? '' : 'non-empty '}string of at most ${charsMax} characters`);
  }
  return value;
}

function optionalText(value: unknown, name: string, charsMax: number): string | undefined {
  return value === undefined ? undefined : text(value, name, charsMax, true);
}

function integer(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) throw bad(`${name} must be a whole number from ${min} to ${max}`);
  return value as number;
}

function bad(message: string): NoctemError {
  return new NoctemError('SKILL_CALL_INVALID', `Bad capability call: ${message}`);
}
