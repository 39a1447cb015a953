/**
 * The process tiers' wire protocol (pure): what the host accepts from a hostile child, and
 * how bytes become lines. Method: table-driven cases on `parseChildMessage` and
 * `LineSplitter`, with the refusals as important as the acceptances.
 */
import { describe, expect, test } from 'vitest';
import { encodeHostMessage, LineSplitter, parseChildMessage } from './process-sandbox-protocol.ts';
import type { SandboxMethod } from './sandbox.ts';

const granted = new Set<SandboxMethod>(['memory.search']);
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseChildMessage()', () => {
  test.each([
    ['{"t":"ready"}', { t: 'ready' }],
    ['{"t":"call","id":0,"method":"memory.search","args":["q",{"k":2}]}', { t: 'call', id: 0, method: 'memory.search', args: ['q', { k: 2 }] }],
    ['{"t":"result","ok":true,"value":{"a":[1,null]}}', { t: 'result', ok: true, value: { a: [1, null] } }],
    ['{"t":"result","ok":false,"error":{"name":"Error","message":"boom"}}', { t: 'result', ok: false, error: { name: 'Error', message: 'boom' } }],
  ])('parseChildMessage() accepts %s', (line, message) => {
    expect(parseChildMessage(line, granted)).toEqual({ ok: true, message });
  });

  test.each([
    ['not JSON', 'APPROVE'],
    ['an array', '[1]'],
    ['null', 'null'],
    ['an unknown type', '{"t":"reply","id":0,"ok":true,"value":1}'],
    ['a ready with extra keys', '{"t":"ready","approved":true}'],
    ['a call with a negative id', '{"t":"call","id":-1,"method":"memory.search","args":[]}'],
    ['a call with a fractional id', '{"t":"call","id":1.5,"method":"memory.search","args":[]}'],
    ['a call with a string id', '{"t":"call","id":"1","method":"memory.search","args":[]}'],
    ['a call of a method not granted', '{"t":"call","id":1,"method":"fs.read","args":[]}'],
    ['a call of __proto__', '{"t":"call","id":1,"method":"__proto__","args":[]}'],
    ['a call whose args are not an array', '{"t":"call","id":1,"method":"memory.search","args":{"0":1}}'],
    ['a call with an extra key', '{"t":"call","id":1,"method":"memory.search","args":[],"x":1}'],
    ['a result without ok', '{"t":"result","value":1}'],
    ['a result with both value and error', '{"t":"result","ok":true,"value":1,"error":{}}'],
    ['a failed result whose error is text', '{"t":"result","ok":false,"error":"boom"}'],
    ['a failed result whose message is not text', '{"t":"result","ok":false,"error":{"name":"E","message":{}}}'],
  ])('parseChildMessage() refuses %s', (_label, line) => {
    expect(parseChildMessage(line, granted).ok).toBe(false);
  });
});

describe('LineSplitter', () => {
  test('LineSplitter.push() joins a line split across chunks and splits lines sharing a chunk', () => {
    const splitter = new LineSplitter(100);
    expect(splitter.push(bytes('{"a":'))).toEqual([]);
    expect(splitter.push(bytes('1}\n{"b":2}\n{"c"'))).toEqual(['{"a":1}', '{"b":2}']);
    expect(splitter.push(bytes(':3}\n'))).toEqual(['{"c":3}']);
  });

  test('LineSplitter.push() keeps a multi-byte character split across chunks whole', () => {
    const splitter = new LineSplitter(100);
    const encoded = bytes('"\u{1F600}"\n');
    expect(splitter.push(encoded.subarray(0, 3))).toEqual([]);
    expect(splitter.push(encoded.subarray(3))).toEqual(['"\u{1F600}"']);
  });

  test('LineSplitter.push() reports overflow once a line passes the limit, and stays overflowed', () => {
    const splitter = new LineSplitter(10);
    expect(splitter.push(bytes('0123456789'))).toEqual([]);
    expect(splitter.push(bytes('x'))).toBe('overflow');
    expect(splitter.push(bytes('\n'))).toBe('overflow');
  });

  test('LineSplitter.push() yields undefined for a line that is not UTF-8', () => {
    expect(new LineSplitter(10).push(new Uint8Array([0xff, 0xfe, 10]))).toEqual([undefined]);
  });
});

test('encodeHostMessage() writes one JSON line', () => {
  expect(encodeHostMessage({ t: 'reply', id: 3, ok: true, value: 'a\nb' })).toBe('{"t":"reply","id":3,"ok":true,"value":"a\\nb"}\n');
});
