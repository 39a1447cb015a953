/**
 * The ports a skill's capabilities reach through the broker (capability-broker.ts): memory,
 * the network, files, secrets, the language model, approvals and the audit log. The
 * composition root builds them (daemon/skill-host-services.ts); tests build them over real
 * stores, files and local servers. Every method receives arguments the broker already
 * checked against grants and scopes.
 */

/** One memory hit as a skill sees it. */
export interface SkillMemoryHit {
  readonly id: string;
  readonly source: string;
  readonly snippet: string;
  readonly score: number;
  /** True when the chunk was tagged hazardous (D12): the skill must treat it as untrusted data. */
  readonly untrusted: boolean;
}

/** An HTTP request a skill may make (already checked against the allowlist and approved). */
export interface SkillFetchRequest {
  readonly url: URL;
  readonly method: 'GET' | 'HEAD' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /** The granted hosts: a redirect leaving them is not followed. */
  readonly hosts: readonly string[];
}

/** What a fetch returns to the skill. */
export interface SkillFetchResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text, at most `limits.skillFetchBytesMax` bytes. */
  readonly body: string;
  readonly truncated: boolean;
}

/** A capability request that needs the person's approval. */
export interface ApprovalAsk {
  readonly capability: string;
  readonly method: string;
  /** The concrete scope: host, path or secret name. */
  readonly scope: string;
  /** One line for the person: what the skill wants to do. */
  readonly summary: string;
}

/** How an approval ended. */
export interface ApprovalAnswer {
  readonly granted: boolean;
  readonly by: 'person' | 'policy' | 'timeout';
}

/** The services behind the capabilities. */
export interface SkillServices {
  memorySearch(query: string, k: number): Promise<readonly SkillMemoryHit[]>;
  /** Stores a note in memory as a document from the skill; returns its document id and chunk count. */
  memoryWrite(note: { readonly skill: string; readonly title: string; readonly text: string }): Promise<{ readonly id: string; readonly chunks: number }>;
  fetch(request: SkillFetchRequest): Promise<SkillFetchResponse>;
  /** Reads a UTF-8 file that must really lie inside `root` once opened (symlinks resolved). */
  readFile(path: string, root: string): Promise<string>;
  /** Writes a UTF-8 file that must really lie inside `root` (parent folder resolved and pinned). */
  writeFile(path: string, text: string, root: string): Promise<{ readonly bytes: number }>;
  secret(name: string): Promise<string | undefined>;
  complete(prompt: string, maxTokens: number): Promise<string>;
  /** Asks for approval (policy, terminal prompt, or the approvals queue); audits on its own. */
  approve(ask: ApprovalAsk): Promise<ApprovalAnswer>;
  /** Appends one audit entry. */
  audit(action: string, details: Record<string, unknown>): void;
}
