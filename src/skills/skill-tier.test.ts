/**
 * Goal: a skill runs in the strongest available tier it allows, and a request for a weaker or
 * missing tier is refused. Method: sets of available tiers.
 */
import { expect, test } from 'vitest';
import { codeOf } from '../../test/helpers/error-code.ts';
import { candidateTiers, chooseSkillTier } from './skill-tier.ts';

const all = new Set(['quickjs', 'process', 'gvisor'] as const);

test('chooseSkillTier() picks the strongest available tier at or above the required one', () => {
  expect(chooseSkillTier('quickjs', { available: all })).toBe('gvisor');
  expect(chooseSkillTier('quickjs', { available: new Set(['quickjs', 'process'] as const) })).toBe('process');
  expect(chooseSkillTier('quickjs', { available: new Set(['quickjs'] as const) })).toBe('quickjs');
});

test('chooseSkillTier() honours an allowed requested tier', () => {
  expect(chooseSkillTier('quickjs', { available: all, requested: 'quickjs' })).toBe('quickjs');
});

test('chooseSkillTier() refuses a weaker or unavailable tier with SANDBOX_UNAVAILABLE', () => {
  expect(codeOf(() => chooseSkillTier('process', { available: all, requested: 'quickjs' }))).toBe('SANDBOX_UNAVAILABLE');
  expect(codeOf(() => chooseSkillTier('gvisor', { available: new Set(['quickjs', 'process'] as const) }))).toBe('SANDBOX_UNAVAILABLE');
  expect(codeOf(() => chooseSkillTier('quickjs', { available: new Set(['quickjs'] as const), requested: 'process' }))).toBe('SANDBOX_UNAVAILABLE');
});

test('candidateTiers() lists the allowed available tiers strongest first, or only the requested one', () => {
  expect(candidateTiers('quickjs', { available: all })).toEqual(['gvisor', 'process', 'quickjs']);
  expect(candidateTiers('process', { available: all })).toEqual(['gvisor', 'process']);
  expect(candidateTiers('quickjs', { available: all, requested: 'process' })).toEqual(['process']);
});
