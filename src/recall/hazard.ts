/**
 * The hazard filter (D12): ingested text is data, never instructions, and a chunk that reads
 * as instructions to an AI model is marked untrusted so it is only ever shown to a model as
 * quoted data. Two checks, both cheap enough for ingestion:
 * 1. lexical patterns (`hazard-patterns.ts`) over normalized text: NFKC, zero-width
 *    characters removed, and Unicode "tag" characters (invisible ASCII smuggling) decoded and
 *    appended so what they hide is checked too;
 * 2. embedding similarity above 0.8 (the spec's correlation threshold) between a sentence and
 *    a known injection phrase (`hazard-phrases.ts`) embedded with the active embedder. Only
 *    sentences holding a trigger word ("instructions", "prompt", "ignore", "AI"…) are embedded.
 *
 * Limits, stated plainly: this is a tripwire, not a guarantee. It misses paraphrases far from
 * every phrase, other languages, encoded payloads (base64, leetspeak, homoglyphs), and
 * instructions split across chunks; it flags documents that quote payloads verbatim (as
 * security research does), by design. The real defence is that no ingested text is ever
 * placed in a model's instruction channel, flagged or not.
 */
import { assert, cosine, limits } from '../core/index.ts';
import type { Embedder } from './embedder.ts';
import { hazardPatterns, type HazardPattern } from './hazard-patterns.ts';
import { hazardPhrases, type HazardPhrase } from './hazard-phrases.ts';
import { words } from './tokenize.ts';

/** The filter's finding for one text. */
export interface HazardVerdict {
  /** True when any check fired: show this text to a model only as quoted data. */
  readonly untrusted: boolean;
  /** Why: `pattern:<id>`, `similar:<id>` or `hidden-characters`, each at most once. */
  readonly reasons: readonly string[];
}

/** Options for {@link HazardFilter.create}. */
export interface HazardFilterOptions {
  /** Cosine above which a sentence matches a phrase. @default 0.8 */
  readonly similarityMin?: number;
  /** The lexical patterns. @default hazardPatterns */
  readonly patterns?: readonly HazardPattern[];
  /** The known phrases. @default hazardPhrases */
  readonly phrases?: readonly HazardPhrase[];
}

/** Tag characters that hide this many ASCII characters or more count as smuggling (flags use ≤ 7). */
const hiddenTagCharsMin = 8;
const triggerWords = new Set([
  'instruction', 'instructions', 'ignore', 'disregard', 'forget', 'prompt', 'prompts', 'system', 'assistant',
  'ai', 'model', 'llm', 'chatbot', 'agent', 'agents', 'pretend', 'jailbreak', 'reveal', 'rules', 'override', 'obey',
  'comply', 'exfiltrate', 'secretly', 'password', 'passwords', 'credentials', 'confidential', 'restrictions',
  'guidelines', 'developer', 'developers', 'dan', 'command', 'commands', 'policy', 'policies', 'attacker',
]);

const triggerPattern = new RegExp(`\\b(?:${[...triggerWords].join('|')})\\b`, 'i');
const invisiblePattern = /[\u200b-\u200f\u2060\ufeff]|\u{e0000}|[\u{e0001}-\u{e007f}]/u;

/** Marks text that reads as instructions to an AI model. */
export class HazardFilter {
  readonly #embedder: Embedder;
  readonly #patterns: readonly HazardPattern[];
  readonly #phrases: readonly { readonly id: string; readonly vector: Float32Array }[];
  readonly #similarityMin: number;

  private constructor(embedder: Embedder, patterns: readonly HazardPattern[], phrases: { id: string; vector: Float32Array }[], similarityMin: number) {
    this.#embedder = embedder;
    this.#patterns = patterns;
    this.#phrases = phrases;
    this.#similarityMin = similarityMin;
  }

  /**
   * Builds a filter, embedding the known phrases with `embedder`.
   * @param embedder - the active embedder (the one that embeds chunks)
   * @param options - threshold, patterns and phrases
   * @throws {NoctemError} EMBEDDER_UNAVAILABLE when a remote embedder fails
   */
  static async create(embedder: Embedder, options: HazardFilterOptions = {}): Promise<HazardFilter> {
    const phrases = options.phrases ?? hazardPhrases;
    const similarityMin = options.similarityMin ?? 0.8;
    assert(similarityMin > 0 && similarityMin <= 1, 'similarityMin in (0, 1]');
    const vectors = await embedder.embed(phrases.map((p) => p.text));
    return new HazardFilter(embedder, options.patterns ?? hazardPatterns, phrases.map((p, i) => ({ id: p.id, vector: vectors[i]! })), similarityMin);
  }

  /**
   * The lexical checks alone (synchronous, no embedding).
   * @param text - any text
   * @returns reasons, empty when nothing matched
   */
  checkPatterns(text: string): string[] {
    return this.#scan(text).reasons;
  }

  /** The lexical checks, plus the normalized text and its word set for the similarity check. */
  #scan(text: string): { reasons: string[]; visible: string; present: ReadonlySet<string> } {
    const { visible, hidden } = normalizeForScan(text);
    const scanned = hidden.length > 0 ? `${visible}\n${hidden}` : visible;
    const present = new Set(words(scanned));
    const reasons = this.#patterns
      .filter((p) => p.anchors.some((word) => present.has(word)) && p.pattern.test(scanned))
      .map((p) => `pattern:${p.id}`);
    if (hidden.length >= hiddenTagCharsMin) reasons.push('hidden-characters');
    return { reasons, visible, present };
  }

  /**
   * Both checks.
   * @param text - a chunk or any text
   * @returns the verdict
   * @throws {NoctemError} EMBEDDER_UNAVAILABLE when a remote embedder fails
   */
  async check(text: string): Promise<HazardVerdict> {
    const { reasons, visible, present } = this.#scan(text);
    const triggered = this.#phrases.length > 0 && [...triggerWords].some((word) => present.has(word));
    const sentences = triggered ? triggeredSentences(visible) : [];
    if (sentences.length > 0) {
      const vectors = await this.#embedder.embed(sentences);
      for (const vector of vectors) {
        for (const phrase of this.#phrases) {
          const reason = `similar:${phrase.id}`;
          if (!reasons.includes(reason) && cosine(vector, phrase.vector) > this.#similarityMin) reasons.push(reason);
        }
      }
    }
    return { untrusted: reasons.length > 0, reasons };
  }
}

/** NFKC and zero-width characters removed; Unicode tag characters decoded into `hidden`. */
function normalizeForScan(text: string): { visible: string; hidden: string } {
  if (!invisiblePattern.test(text)) return { visible: isAscii(text) ? text : text.normalize('NFKC'), hidden: '' };
  let hidden = '';
  let visible = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xe0020 && code <= 0xe007e) hidden += String.fromCharCode(code - 0xe0000);
    else if (!invisiblePattern.test(char)) visible += char;
  }
  return { visible: visible.normalize('NFKC'), hidden };
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Sentences holding a trigger word, at most limits.hazardSentencesMax. */
function triggeredSentences(text: string): string[] {
  const out: string[] = [];
  for (const sentence of text.split(/(?<=[.!?])\s+|\n+/)) {
    if (out.length >= limits.hazardSentencesMax) break;
    if (triggerPattern.test(sentence)) out.push(sentence);
  }
  return out;
}
