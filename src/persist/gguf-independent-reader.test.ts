/**
 * Goal: an independent GGUF reader opens our exports and sees the same tensors we wrote.
 * Method: write an export (active and vacuum nodes, two embedding widths) to a temporary file,
 * parse it with Hugging Face's `@huggingface/gguf` (`gguf(path, { allowLocalFile: true })`), and
 * compare every tensor's name, ggml type, shape and offset, the data section's offset and the
 * metadata with our own reader's view of the same bytes.
 */
import { gguf } from '@huggingface/gguf';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ggmlTensorTypes } from './gguf-format.ts';
import { readGguf } from './gguf-reader.ts';
import { ggufFromNodes } from './gguf-manifold.ts';
import { randomGgufNodes } from './gguf-nodes.testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'noctem-gguf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('@huggingface/gguf on our exports', () => {
  const bytes = ggufFromNodes(randomGgufNodes(200, { seed: 31, vacuumShare: 0.25, embeddingWidths: [16, 12] }));
  const path = join(dir, 'memory.gguf');
  writeFileSync(path, bytes);
  const ours = readGguf(bytes);

  it('ggufFromNodes() output lists the same tensor names, types, shapes and offsets in @huggingface/gguf', async () => {
    const theirs = await gguf(path, { allowLocalFile: true });
    expect(theirs.tensorInfos.map((t) => ({ name: t.name, type: t.dtype, shape: t.shape.map(Number), offset: Number(t.offset) })))
      .toEqual(ours.tensors.map((t) => ({ name: t.name, type: ggmlTensorTypes[t.type].id, shape: t.dims, offset: t.offsetBytes })));
    expect(theirs.tensorInfos.length).toBeGreaterThanOrEqual(20);
    expect(Number(theirs.tensorDataOffset)).toBe(ours.dataOffsetBytes);
  });

  it('ggufFromNodes() output has the same metadata in @huggingface/gguf', async () => {
    const theirs = await gguf(path, { allowLocalFile: true });
    const metadata = theirs.metadata as unknown as Record<string, unknown>;
    expect(metadata['version']).toBe(3);
    expect(metadata['tensor_count']).toBe(BigInt(ours.tensors.length));
    for (const [key, value] of ours.metadata) {
      const expected = value.type === 'f32' ? Math.fround(value.value) : value.value;
      expect(metadata[key], key).toEqual(expected);
    }
  });
});
