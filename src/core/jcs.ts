/**
 * The JSON Canonicalization Scheme (RFC 8785, "JCS"): one exact text for a JSON value, so
 * that hashes and signatures over JSON are reproducible across implementations. It is what
 * the W3C `eddsa-jcs-2022` cryptosuite signs, and what our key events are hashed over.
 *
 * The rules: no whitespace; strings as ECMAScript `JSON.stringify` writes them; numbers as
 * ECMAScript `Number.prototype.toString` writes them (shortest round-trip form, `-0` as `0`);
 * object members sorted by their names compared as arrays of UTF-16 code units. Input must
 * be I-JSON (RFC 7493): finite numbers and well-formed Unicode strings only.
 */
import { NoctemError } from './errors.ts';
import { limits } from './limits.ts';

/** A JSON value as JCS accepts it. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * Returns the RFC 8785 canonical text of `value`.
 * @param value - null, booleans, finite numbers, well-formed strings, arrays and plain
 *   objects, nested at most `limits.jsonDepthMax` deep
 * @returns the canonical JSON text (encode it as UTF-8 before hashing)
 * @throws {NoctemError} JSON_INVALID when `value` holds anything else (NaN, Infinity,
 *   undefined, bigint, lone surrogates, class instances, cycles, excessive depth)
 */
export function canonicalizeJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, 0, '$');
  return parts.join('');
}

/**
 * Returns the UTF-8 bytes of the canonical text of `value` (what gets hashed or signed).
 * @param value - as for {@link canonicalizeJson}
 * @throws {NoctemError} JSON_INVALID as for {@link canonicalizeJson}
 */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalizeJson(value));
}

function write(value: unknown, parts: string[], depth: number, path: string): void {
  if (depth > limits.jsonDepthMax) invalid(path, `nests deeper than ${limits.jsonDepthMax} levels`);
  if (value === null || typeof value === 'boolean') {
    parts.push(String(value));
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) invalid(path, `is ${String(value)}, which JSON cannot hold`);
    // ECMAScript's Number-to-String is exactly RFC 8785 §3.2.2.3; it prints -0 as "0".
    parts.push(String(value));
  } else if (typeof value === 'string') {
    parts.push(quote(value, path));
  } else if (Array.isArray(value)) {
    writeArray(value, parts, depth, path);
  } else if (isPlainObject(value)) {
    writeObject(value, parts, depth, path);
  } else {
    invalid(path, `is a ${describe(value)}, which is not JSON`);
  }
}

function writeArray(value: readonly unknown[], parts: string[], depth: number, path: string): void {
  parts.push('[');
  for (let i = 0; i < value.length; i++) {
    if (i > 0) parts.push(',');
    write(value[i], parts, depth + 1, `${path}[${i}]`);
  }
  parts.push(']');
}

function writeObject(value: Record<string, unknown>, parts: string[], depth: number, path: string): void {
  // Default sort compares UTF-16 code units, exactly as RFC 8785 §3.2.3 requires.
  const names = Object.keys(value).sort();
  parts.push('{');
  let first = true;
  for (const name of names) {
    const member = value[name];
    if (member === undefined) invalid(`${path}.${name}`, 'is undefined, which is not JSON');
    if (!first) parts.push(',');
    first = false;
    parts.push(quote(name, path), ':');
    write(member, parts, depth + 1, `${path}.${name}`);
  }
  parts.push('}');
}

/** JSON.stringify escapes exactly as RFC 8785 §3.2.2.2 asks once lone surrogates are excluded. */
function quote(text: string, path: string): string {
  if (!isWellFormed(text)) invalid(path, 'holds a lone UTF-16 surrogate, which I-JSON forbids');
  return JSON.stringify(text);
}

function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i += 1;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return false;
    }
  }
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  return (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
}

function invalid(path: string, what: string): never {
  throw new NoctemError('JSON_INVALID', `Cannot canonicalize JSON: ${path} ${what}`, { details: { path } });
}
