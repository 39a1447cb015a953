import { expect, test } from 'vitest';
import type { NoctemError } from '../core/index.ts';
import { instanceTrap, vmFailure } from './quickjs-failure.ts';
import { wasmApi } from './quickjs-wasm.ts';

function summary(error: NoctemError | undefined): [string | undefined, unknown] {
  return [error?.code, error?.details['limit']];
}

test.each([
  ['InternalError: out of memory', false, ['SKILL_LIMIT_EXCEEDED', 'memory']],
  ['null', true, ['SKILL_LIMIT_EXCEEDED', 'memory']],
  [undefined, true, ['SKILL_LIMIT_EXCEEDED', 'memory']],
  ['InternalError: stack overflow', false, ['SKILL_LIMIT_EXCEEDED', 'stack']],
  ['SyntaxError: stack overflow', false, ['SKILL_LIMIT_EXCEEDED', 'stack']],
  ['null', false, ['SKILL_FAILED', undefined]],
  ['Error: boom', true, ['SKILL_FAILED', undefined]],
] as const)('vmFailure(%s, memoryFull %s) maps to %j', (text, memoryFull, expected) => {
  expect(summary(vmFailure(text, memoryFull))).toEqual(expected);
});

test('instanceTrap() maps V8\'s stack overflow to the stack limit', () => {
  expect(summary(instanceTrap(new RangeError('Maximum call stack size exceeded'), false))).toEqual(['SKILL_LIMIT_EXCEEDED', 'stack']);
});

test('instanceTrap() maps a wasm trap to the memory limit when memory is full, else to SKILL_FAILED', () => {
  expect(summary(instanceTrap(new wasmApi.RuntimeError('memory access out of bounds'), true))).toEqual(['SKILL_LIMIT_EXCEEDED', 'memory']);
  expect(summary(instanceTrap(new wasmApi.RuntimeError('unreachable'), false))).toEqual(['SKILL_FAILED', undefined]);
});

test('instanceTrap() leaves other host errors alone', () => {
  expect(instanceTrap(new TypeError('bug'), true)).toBeUndefined();
});
