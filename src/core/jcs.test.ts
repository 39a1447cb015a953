/**
 * Goal: canonicalizeJson() matches RFC 8785 exactly.
 * Method: the RFC's own examples (§3.2.2 sample object, §3.2.3 sorting example, Appendix B
 * number table given as IEEE-754 bit patterns), then failure cases and a fast-check
 * property that canonical text parses back to an equal value and is a fixed point.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalizeJson, canonicalJsonBytes } from './jcs.ts';
import { isNoctemError } from './errors.ts';

function fromIeeeHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

// RFC 8785 Appendix B: IEEE-754 bit pattern -> expected serialization.
const numberTable: readonly (readonly [string, string])[] = [
  ['0000000000000000', '0'],
  ['8000000000000000', '0'],
  ['0000000000000001', '5e-324'],
  ['8000000000000001', '-5e-324'],
  ['7fefffffffffffff', '1.7976931348623157e+308'],
  ['ffefffffffffffff', '-1.7976931348623157e+308'],
  ['4340000000000000', '9007199254740992'],
  ['c340000000000000', '-9007199254740992'],
  ['4430000000000000', '295147905179352830000'],
  ['44b52d02c7e14af5', '9.999999999999997e+22'],
  ['44b52d02c7e14af6', '1e+23'],
  ['44b52d02c7e14af7', '1.0000000000000001e+23'],
  ['444b1ae4d6e2ef4e', '999999999999999700000'],
  ['444b1ae4d6e2ef4f', '999999999999999900000'],
  ['444b1ae4d6e2ef50', '1e+21'],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ['3eb0c6f7a0b5ed8d', '0.000001'],
  ['41b3de4355555553', '333333333.3333332'],
  ['41b3de4355555554', '333333333.33333325'],
  ['41b3de4355555555', '333333333.3333333'],
  ['41b3de4355555556', '333333333.3333334'],
  ['41b3de4355555557', '333333333.33333343'],
  ['becbf647612f3696', '-0.0000033333333333333333'],
  ['43143ff3c1cb0959', '1424953923781206.2'],
];

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return isNoctemError(error) ? error.code : 'not-a-NoctemError';
  }
}

describe('canonicalizeJson()', () => {
  it.each(numberTable)('canonicalizeJson() writes IEEE-754 %s as %s (RFC 8785 Appendix B)', (hex, expected) => {
    expect(canonicalizeJson(fromIeeeHex(hex))).toBe(expected);
  });

  it('canonicalizeJson() rejects NaN and Infinity (RFC 8785 Appendix B)', () => {
    expect(codeOf(() => canonicalizeJson(fromIeeeHex('7fffffffffffffff')))).toBe('JSON_INVALID');
    expect(codeOf(() => canonicalizeJson(fromIeeeHex('7ff0000000000000')))).toBe('JSON_INVALID');
  });

  it('canonicalizeJson() reproduces the RFC 8785 §3.2.2 sample', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    ) as unknown;
    expect(canonicalizeJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('canonicalizeJson() sorts names by UTF-16 code units (RFC 8785 §3.2.3)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalizeJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('canonicalizeJson() rejects lone surrogates', () => {
    expect(codeOf(() => canonicalizeJson({ a: '\ud800' }))).toBe('JSON_INVALID');
    expect(codeOf(() => canonicalizeJson({ '\udc00': 1 }))).toBe('JSON_INVALID');
  });

  it('canonicalizeJson() rejects values that are not JSON', () => {
    expect(codeOf(() => canonicalizeJson({ a: undefined }))).toBe('JSON_INVALID');
    expect(codeOf(() => canonicalizeJson(10n))).toBe('JSON_INVALID');
    expect(codeOf(() => canonicalizeJson(new Uint8Array(2)))).toBe('JSON_INVALID');
    expect(codeOf(() => canonicalizeJson(new Date(0)))).toBe('JSON_INVALID');
  });

  it('canonicalizeJson() rejects cycles through the depth limit', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(codeOf(() => canonicalizeJson(cycle))).toBe('JSON_INVALID');
  });

  it('canonicalizeJson() output parses back to an equal value and is a fixed point', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalizeJson(value);
        const parsed = JSON.parse(text) as unknown;
        expect(parsed).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalizeJson(parsed)).toBe(text);
      }),
    );
  });

  it('canonicalJsonBytes() is the UTF-8 of the canonical text', () => {
    expect(Array.from(canonicalJsonBytes({ b: 'é', a: 1 }))).toEqual(Array.from(Buffer.from('{"a":1,"b":"é"}', 'utf8')));
  });
});
