/**
 * The wire protocol between the host and `sandbox-runner.cjs` in the process tiers: one JSON
 * object per line, UTF-8. Pure: it frames bytes into lines and validates what the child
 * sends, strictly, since every byte from the child is hostile (the skill shares the runner's
 * realm and can write anything to the channel).
 *
 * Child -> host: `{t:'ready'}`, `{t:'call',id,method,args}`, `{t:'result',ok:true,value}`,
 * `{t:'result',ok:false,error:{name,message}}`.
 * Host -> child: `{t:'start',entry,input,methods,digests,outputBytesMax}`,
 * `{t:'reply',id,ok:true,value}`, `{t:'reply',id,ok:false,error:{code,message}}`.
 */
import type { SandboxMethod } from './sandbox.ts';

/** Bytes a message may add around its payload (`{"t":"result","ok":true,"value":…}`, a call's id and method). */
export const protocolEnvelopeBytesMax = 256;

/** A message from the child, after validation. */
export type ChildMessage =
  | { readonly t: 'ready' }
  | { readonly t: 'call'; readonly id: number; readonly method: SandboxMethod; readonly args: readonly unknown[] }
  | { readonly t: 'result'; readonly ok: true; readonly value: unknown }
  | { readonly t: 'result'; readonly ok: false; readonly error: { readonly name: string; readonly message: string } };

/** A message to the child. */
export type HostMessage =
  | {
    readonly t: 'start'; readonly entry: string; readonly input: unknown; readonly methods: readonly SandboxMethod[];
    /** SHA-256 (hex) of every package file by path: the runner compiles only these bytes. */
    readonly digests: Readonly<Record<string, string>>;
    readonly outputBytesMax: number;
  }
  | { readonly t: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly t: 'reply'; readonly id: number; readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

/** The outcome of {@link parseChildMessage}: the message, or why the line is refused. */
export type ParsedChildMessage = { readonly ok: true; readonly message: ChildMessage } | { readonly ok: false; readonly reason: string };

/**
 * Validates one line from the child. Exact shapes only: unknown types, extra or missing
 * keys, ids that are not safe non-negative integers and methods not granted are refused.
 * @param line - one line, without its newline
 * @param methods - the methods granted to this run
 */
export function parseChildMessage(line: string, methods: ReadonlySet<SandboxMethod>): ParsedChildMessage {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return refuse('a line is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse('a message is not an object');
  const message = value as Record<string, unknown>;
  switch (message['t']) {
    case 'ready':
      return hasKeys(message, ['t']) ? accept({ t: 'ready' }) : refuse('a ready message has other keys');
    case 'call':
      return parseCall(message, methods);
    case 'result':
      return parseResult(message);
    default:
      return refuse('a message has an unknown type');
  }
}

function parseCall(message: Record<string, unknown>, methods: ReadonlySet<SandboxMethod>): ParsedChildMessage {
  const { id, method, args } = message;
  if (!hasKeys(message, ['t', 'id', 'method', 'args'])) return refuse('a call has missing or other keys');
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return refuse('a call id is not a non-negative integer');
  if (typeof method !== 'string' || !methods.has(method as SandboxMethod)) return refuse('a call names a method that was not granted');
  if (!Array.isArray(args)) return refuse('call arguments are not an array');
  return accept({ t: 'call', id, method: method as SandboxMethod, args });
}

function parseResult(message: Record<string, unknown>): ParsedChildMessage {
  if (message['ok'] === true && hasKeys(message, ['t', 'ok', 'value'])) {
    return accept({ t: 'result', ok: true, value: message['value'] });
  }
  const error = message['error'];
  if (message['ok'] !== false || !hasKeys(message, ['t', 'ok', 'error'])) return refuse('a result has missing or other keys');
  if (typeof error !== 'object' || error === null || !hasKeys(error as Record<string, unknown>, ['name', 'message'])) {
    return refuse('a failed result has no {name, message} error');
  }
  const { name, message: text } = error as Record<string, unknown>;
  if (typeof name !== 'string' || typeof text !== 'string') return refuse('a failed result\'s error is not text');
  return accept({ t: 'result', ok: false, error: { name, message: text } });
}

/**
 * Encodes one host message as a line.
 * @param message - the message; its values must be JSON (the host's own data)
 * @returns the JSON text and a newline
 */
export function encodeHostMessage(message: HostMessage): string {
  return `${JSON.stringify(message)}\n`;
}

/**
 * Cuts a byte stream into lines of at most `lineBytesMax` bytes (newline excluded). After
 * an overflow it yields nothing more: the caller ends the run.
 */
export class LineSplitter {
  readonly #lineBytesMax: number;
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });
  #parts: Uint8Array[] = [];
  #partBytes = 0;
  #overflowed = false;

  /** @param lineBytesMax - the longest line accepted, bytes */
  constructor(lineBytesMax: number) {
    this.#lineBytesMax = lineBytesMax;
  }

  /**
   * Adds bytes.
   * @param chunk - the next bytes read
   * @returns the complete lines (`undefined` for a line that is not UTF-8), or 'overflow'
   *   once a line grew past the limit
   */
  push(chunk: Uint8Array): (string | undefined)[] | 'overflow' {
    if (this.#overflowed) return 'overflow';
    const lines: (string | undefined)[] = [];
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      if (this.#grow(newline - start)) return 'overflow';
      this.#parts.push(chunk.subarray(start, newline));
      lines.push(this.#take());
      start = newline + 1;
    }
    if (this.#grow(chunk.length - start)) return 'overflow';
    if (start < chunk.length) this.#parts.push(chunk.slice(start));
    return lines;
  }

  #grow(bytes: number): boolean {
    this.#partBytes += bytes;
    this.#overflowed = this.#partBytes > this.#lineBytesMax;
    return this.#overflowed;
  }

  #take(): string | undefined {
    const bytes = new Uint8Array(this.#partBytes);
    let offset = 0;
    for (const part of this.#parts) {
      bytes.set(part, offset);
      offset += part.length;
    }
    this.#parts = [];
    this.#partBytes = 0;
    try {
      return this.#decoder.decode(bytes);
    } catch {
      return undefined;
    }
  }
}

function hasKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}

function accept(message: ChildMessage): ParsedChildMessage {
  return { ok: true, message };
}

function refuse(reason: string): ParsedChildMessage {
  return { ok: false, reason };
}
