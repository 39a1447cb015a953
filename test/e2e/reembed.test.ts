/**
 * Goal: switching the embedder re-embeds the memory (D15). Method: ingest with the
 * built-in GloVe embedder, then point noctem.json at an OpenAI-compatible /v1/embeddings
 * server (a real node:http server on 127.0.0.1 returning deterministic 16-d vectors; no
 * model runs here, so it is faked at the HTTP boundary) and open the memory again.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createNoctem, openMemory, openNoctem } from '../../src/daemon/index.ts';
import { metaKeys } from '../../src/recall/index.ts';
import { withTempDir } from '../helpers/cli.ts';

const env = { NOCTEM_CACHE_DIR: join(tmpdir(), 'noctem-test-cache') };
let server: Server;
let url: string;
let requests = 0;

/** A deterministic 16-d vector per text: SHA-256 bytes centred on zero. */
function vectorOf(text: string): number[] {
  return Array.from(createHash('sha256').update(text).digest().subarray(0, 16), (b) => b - 127.5);
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      requests += 1;
      const { input } = JSON.parse(body) as { input: string[] };
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ object: 'list', data: input.map((text, index) => ({ object: 'embedding', index, embedding: vectorOf(text) })) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test('openMemory() re-embeds every document when the configured embedder changes', async () => {
  await withTempDir(async (dir) => {
    const home = join(dir, 'home');
    const docs = join(dir, 'docs');
    await (await import('node:fs/promises')).mkdir(docs);
    await writeFile(join(docs, 'a.md'), '# Tides\nThe moon pulls the oceans and makes the tides rise and fall.\n');
    await writeFile(join(docs, 'b.txt'), 'Photosynthesis turns sunlight, water and carbon dioxide into sugar.\n');
    const first = await createNoctem(home, { name: 'reembed' });
    const glove = await openMemory(first, { env, workers: 1 });
    const summary = await glove.ingest.ingest([docs]);
    expect(summary.files.ok).toBe(2);
    expect((first.store.get('meta', metaKeys.embedder) as { id: string }).id).toBe(glove.embedder.id);
    await first.close();

    const configPath = join(home, 'noctem.json');
    const config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
    await writeFile(configPath, JSON.stringify({ ...config, embedder: { kind: 'openai', url, model: 'test-embed', dimensions: 16 } }));
    const second = await openNoctem(home);
    try {
      const remote = await openMemory(second, { env, workers: 1 });
      expect(remote.embedder.id).toBe('openai-compatible/test-embed/16');
      expect((second.store.get('meta', metaKeys.embedder) as { id: string }).id).toBe(remote.embedder.id);
      const vectors = Array.from(second.store.range('vectors'), (e) => e.value as Float32Array);
      expect(vectors.length).toBe(summary.chunks);
      expect(vectors.every((v) => v.length === 16)).toBe(true);
      expect(requests).toBeGreaterThan(0);
      const results = await remote.recall.search('moon tides', { k: 3 });
      expect(results[0]?.source).toBe(join(docs, 'a.md'));
      expect(second.audit.list().filter((e) => e.action === 'memory.reembed')).toHaveLength(2);
    } finally {
      await second.close();
    }
  });
}, 120_000);
