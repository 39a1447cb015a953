/**
 * Goal: nodesFromGguf() answers a damaged or foreign GGUF file with a clear code and never
 * returns an invalid node. Method: valid exports re-written with one tensor or metadata value
 * changed (so the container stays valid and the layout checks are what fires), a file cut at
 * many lengths, and a fast-check fuzz of a few hundred byte mutations of a valid export, where
 * only a NoctemError or a valid result is allowed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NoctemError, isNoctemError, type ErrorCode } from '../core/index.ts';
import { encodeNodeRecord } from '../manifold/index.ts';
import type { GgufTensorInput, GgufValue } from './gguf-format.ts';
import { readGguf } from './gguf-reader.ts';
import { writeGguf } from './gguf-writer.ts';
import { ggufFromNodes, nodesFromGguf } from './gguf-manifold.ts';
import { nikolaTensorNames as names } from './gguf-nikola-layout.ts';
import { randomGgufNodes } from './gguf-nodes.testing.ts';
import { fuzzRuns } from '../../test/helpers/fuzz-runs.ts';

const valid = ggufFromNodes(randomGgufNodes(40, { seed: 21, vacuumShare: 0.2 }));

interface Editable {
  metadata: Map<string, GgufValue>;
  tensors: GgufTensorInput[];
}

/** The valid export, re-written after `edit` changes its metadata or tensors (data copied). */
function rewritten(edit: (file: Editable) => void): Uint8Array {
  const file = readGguf(valid);
  const editable = { metadata: new Map(file.metadata), tensors: file.tensors.map((t) => ({ name: t.name, type: t.type, dims: [...t.dims], data: t.data.slice() })) };
  edit(editable);
  return writeGguf(editable);
}

function tensor(file: Editable, name: string): GgufTensorInput {
  const found = file.tensors.find((t) => t.name === name);
  if (found === undefined) throw new Error(`no tensor ${name}`);
  return found;
}

function codeOf(bytes: Uint8Array): ErrorCode | 'ok' {
  try {
    nodesFromGguf(bytes);
    return 'ok';
  } catch (error) {
    if (isNoctemError(error)) return error.code;
    throw error;
  }
}

describe('nodesFromGguf() on bad input', () => {
  it('nodesFromGguf() accepts the unchanged re-written export', () => {
    expect(codeOf(rewritten(() => undefined))).toBe('ok');
  });

  it('nodesFromGguf() refuses another architecture with GGUF_NOT_NIKOLA', () => {
    expect(codeOf(rewritten((f) => f.metadata.set('general.architecture', { type: 'string', value: 'llama' })))).toBe('GGUF_NOT_NIKOLA');
  });

  it('nodesFromGguf() refuses another layout version with GGUF_UNSUPPORTED', () => {
    expect(codeOf(rewritten((f) => f.metadata.set('nikola.format_version', { type: 'u32', value: 2 })))).toBe('GGUF_UNSUPPORTED');
  });

  it('nodesFromGguf() refuses a node count above the limit with GGUF_LIMIT', () => {
    expect(codeOf(rewritten((f) => f.metadata.set('nikola.node_count', { type: 'u64', value: 2n ** 62n })))).toBe('GGUF_LIMIT');
  });

  it('nodesFromGguf() refuses counts that disagree with the tensors with GGUF_NIKOLA_INVALID', () => {
    expect(codeOf(rewritten((f) => f.metadata.set('nikola.node_count', { type: 'u64', value: 41n })))).toBe('GGUF_NIKOLA_INVALID');
    expect(codeOf(rewritten((f) => f.metadata.set('nikola.active_count', { type: 'u64', value: 1n })))).toBe('GGUF_NIKOLA_INVALID');
  });

  it('nodesFromGguf() refuses a missing or misshapen tensor with GGUF_NIKOLA_INVALID', () => {
    expect(codeOf(rewritten((f) => { f.tensors = f.tensors.filter((t) => t.name !== names.phase); }))).toBe('GGUF_NIKOLA_INVALID');
    expect(codeOf(rewritten((f) => { Object.assign(tensor(f, names.nonary), { type: 'F32', dims: [10] }); }))).toBe('GGUF_NIKOLA_INVALID');
  });

  it('nodesFromGguf() refuses out-of-range node values with GGUF_NIKOLA_INVALID', () => {
    const edits: ((f: Editable) => void)[] = [
      (f) => { tensor(f, names.nonary).data[0] = 5; },
      (f) => { new Float64Array(tensor(f, names.resonance).data.buffer)[0] = 1.5; },
      (f) => { new Float64Array(tensor(f, names.refractiveIndex).data.buffer)[0] = 0; },
      (f) => { new Float64Array(tensor(f, names.velocity).data.buffer)[0] = NaN; },
      (f) => { new Int16Array(tensor(f, names.coord).data.buffer)[0] = -1; },
      (f) => { tensor(f, names.hilbertKey).data[0]! ^= 0x80; },
      (f) => { new Float32Array(tensor(f, names.metric).data.buffer)[0] = -1; },
      (f) => { new Uint16Array(tensor(f, names.phase).data.buffer)[0] = 0x4250; }, // 3.15625 > π
      (f) => { tensor(f, names.id).data[0] = 0; },
      (f) => { new Int16Array(tensor(f, names.embeddingDims).data.buffer)[0] = 0; },
      (f) => { tensor(f, names.activeMask).data[0]! ^= 1; },
    ];
    for (const [i, edit] of edits.entries()) expect(codeOf(rewritten(edit)), `edit ${i}`).toBe('GGUF_NIKOLA_INVALID');
  });

  it('nodesFromGguf() refuses a Q9_0 amplitude that disagrees with the F32 amplitude', () => {
    expect(codeOf(rewritten((f) => { new Float32Array(tensor(f, names.amplitude).data.buffer)[0] = 3.9; }))).toBe('GGUF_NIKOLA_INVALID');
    expect(codeOf(rewritten((f) => { tensor(f, names.amplitudeQ9).data[19] = 1; }))).toBe('GGUF_NIKOLA_INVALID');
  });

  it('nodesFromGguf() refuses rows out of Hilbert order and repeated ids', () => {
    const swapRows = (f: Editable): void => {
      for (const t of f.tensors.filter((entry) => entry.name.startsWith('nikola.node.'))) {
        const width = t.data.length / 40;
        const first = t.data.slice(0, width);
        t.data.copyWithin(0, width, 2 * width);
        t.data.set(first, width);
      }
    };
    expect(codeOf(rewritten(swapRows))).toBe('GGUF_NIKOLA_INVALID');
  });

  it('nodesFromGguf() answers a file cut at any of 200 lengths with a GGUF_* error', () => {
    for (let k = 0; k < 200; k++) {
      const length = Math.floor((k / 200) * valid.length);
      expect(codeOf(valid.subarray(0, length)), `cut at ${length}`).toMatch(/^GGUF_/);
    }
  });

  it('nodesFromGguf() answers random byte mutations with valid nodes or a NoctemError', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ offset: fc.nat({ max: valid.length - 1 }), value: fc.nat({ max: 255 }) }), { minLength: 1, maxLength: 4 }),
      (edits) => {
        const bytes = valid.slice();
        for (const edit of edits) bytes[edit.offset] = edit.value;
        try {
          // A valid result must be valid nodes: the node codec asserts every invariant.
          for (const node of nodesFromGguf(bytes)) encodeNodeRecord(node);
        } catch (error) {
          expect(error).toBeInstanceOf(NoctemError);
        }
      },
    ), { numRuns: fuzzRuns(400), seed: 5 });
  });
});
