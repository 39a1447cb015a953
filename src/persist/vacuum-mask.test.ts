/**
 * Goal: the INT-05 vacuum rule and its bit-packed mask follow spec §6.2.8 exactly. Method:
 * values at and just above the 10⁻⁶ threshold for each of |ψ|, |v| and r, and known mask bytes.
 */
import { describe, expect, it } from 'vitest';
import { countActiveNodes, isActiveInMask, isVacuumNode, isValidActiveMask, packActiveMask, vacuumThreshold } from './vacuum-mask.ts';

const rest = { psi: { re: 0, im: 0 }, v: { re: 0, im: 0 }, r: 0 };

describe('vacuum mask', () => {
  it('isVacuumNode() is true at rest and at the threshold itself', () => {
    expect(isVacuumNode(rest)).toBe(true);
    expect(isVacuumNode({ psi: { re: vacuumThreshold, im: 0 }, v: { re: 0, im: vacuumThreshold }, r: vacuumThreshold })).toBe(true);
  });

  it('isVacuumNode() is false when any one of |ψ|, |v| and r is above the threshold', () => {
    const above = 1.01e-6;
    expect(isVacuumNode({ ...rest, psi: { re: 0.8 * above, im: 0.6 * above } })).toBe(false);
    expect(isVacuumNode({ ...rest, v: { re: 0, im: -above } })).toBe(false);
    expect(isVacuumNode({ ...rest, r: above })).toBe(false);
  });

  it('packActiveMask() sets bit i of byte i/8, least significant first', () => {
    const mask = packActiveMask([true, false, true, true, false, false, false, false, true]);
    expect([...mask]).toEqual([0b00001101, 0b00000001]);
    expect(isActiveInMask(mask, 3)).toBe(true);
    expect(isActiveInMask(mask, 4)).toBe(false);
    expect(countActiveNodes(mask)).toBe(4);
  });

  it('isValidActiveMask() refuses a wrong length and bits past the last node', () => {
    expect(isValidActiveMask(Uint8Array.of(0xff, 0x01), 9)).toBe(true);
    expect(isValidActiveMask(Uint8Array.of(0xff, 0x02), 9)).toBe(false);
    expect(isValidActiveMask(Uint8Array.of(0xff), 9)).toBe(false);
    expect(isValidActiveMask(new Uint8Array(0), 0)).toBe(true);
  });
});
