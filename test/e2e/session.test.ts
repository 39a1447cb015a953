/**
 * Goal: the interactive session of `noctem up` (what `npm start` runs) and `status` keep
 * their contract: `/search` lists passages with their ids, `/feedback ID +1|-1` records
 * feedback and moves the topic preference, a plain line is a question answered with
 * citations, `/status`, `/help` and `/quit` work, and an error becomes a reply (code and
 * hint) instead of ending the session; `status --json` counts what the home holds.
 * Method: a temp home with two notes ingested through the in-process CLI; `status --json`
 * runs first, then the home is opened once through openNoctem/openMemory and each line
 * goes through handleSessionLine, as `up` does. One test spawns the real `noctem up` with
 * scripted stdin on a fresh home to show the whole path: create, watch ./inbox, answer.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemory, openNoctem, type Memory, type Noctem } from '../../src/daemon/index.ts';
import { handleSessionLine, sessionHelp } from '../../src/cli/session.ts';
import { cli } from '../helpers/cli.ts';
import { initHome } from '../helpers/home.ts';

const root = resolve(import.meta.dirname, '../..');
const env = { NOCTEM_CACHE_DIR: join(tmpdir(), 'noctem-test-cache') };

let dir: string;
let docs: string;
let home: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-session-'));
  docs = join(dir, 'docs');
  await mkdir(docs);
  await writeFile(join(docs, 'garden.md'), '# Garden notes\n\nTomatoes need six hours of direct sun every day. Water the tomatoes deeply twice a week.\n');
  await writeFile(join(docs, 'kitchen.md'), '# Kitchen notes\n\nThe sourdough starter wants feeding with rye flour every evening.\n');
  home = await initHome(join(dir, 'home'));
  const ingested = await cli(['ingest', docs, '--home', home, '--json'], { env });
  if (ingested.code !== 0) throw new Error(`ingest failed: ${ingested.stderr}`);
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('noctem status', () => {
  it('status --json counts documents, passages, nodes, terms, queue and audit entries', async () => {
    const result = await cli(['status', '--home', home, '--json'], { env });
    expect(result.code, result.stderr).toBe(0);
    const status = result.json();
    expect(Object.keys(status).sort()).toEqual(['auditEntries', 'boredom', 'chemistry', 'chunks', 'did', 'documents', 'goals', 'home', 'lastNap', 'metabolicCosts', 'name', 'nodes', 'queued', 'terms']);
    expect(status).toMatchObject({ home, name: 'Noctem', did: expect.stringMatching(/^did:key:z6Mk/), documents: 2, chunks: 2, queued: 0, auditEntries: 3 });
    expect(status['nodes']).toBeGreaterThanOrEqual(1);
    expect(status['terms']).toBeGreaterThan(10);
  });
});

describe('handleSessionLine', () => {
  let noctem: Noctem;
  let memory: Memory;
  const say = (line: string): ReturnType<typeof handleSessionLine> => handleSessionLine(line, memory, noctem);

  beforeAll(async () => {
    noctem = await openNoctem(home);
    memory = await openMemory(noctem, { env, workers: 1 });
  });

  afterAll(async () => {
    await noctem.close();
  });

  /** The id of the best /search result for `query`. */
  async function bestId(query: string): Promise<string> {
    const id = /\[([0-9a-f]{8,})\]/.exec((await say(`/search ${query}`)).text)?.[1];
    if (id === undefined) throw new Error(`no result for ${query}`);
    return id;
  }

  it('handleSessionLine() answers /search with numbered passages, their ids and sources', async () => {
    const reply = await say('/search tomatoes sun');
    expect(reply.quit).toBe(false);
    expect(reply.text).toMatch(new RegExp(`^1\\. \\[[0-9a-f]{8,}\\] Garden notes \\(${join(docs, 'garden.md').replaceAll('/', '\\/')}\\)\\n   .*Tomatoes need six hours`));
  });

  it('handleSessionLine() answers /search with "Nothing found." when nothing matches', async () => {
    expect(await say('/search zeppelin')).toEqual({ text: 'Nothing found.', quit: false });
  });

  it('handleSessionLine() records /feedback ID +1 and reports the new preference', async () => {
    const id = await bestId('tomatoes sun');
    const reply = await say(`/feedback ${id} +1`);
    expect(reply.text).toMatch(new RegExp(`^Thanks: recorded \\+1 for ${id}\\. Preference for "(\\w+)": 0\\.1\\.$`));
    const topic = /"(\w+)"/.exec(reply.text)?.[1];
    expect(noctem.profile.get().preferences).toContainEqual({ topic, affinity: 0.1 });
    expect(noctem.store.count('feedback')).toBe(1);
  });

  it('handleSessionLine() replies to /feedback on an unknown id with the error code and hint, and goes on', async () => {
    const reply = await say('/feedback ffffff00 -1');
    expect(reply).toEqual({ text: expect.stringMatching(/^error\[RECALL_NOT_FOUND\]: No result with id "ffffff00"\nhint: /), quit: false });
    expect(await say('/feedback')).toEqual({ text: 'Usage: /feedback ID +1|-1', quit: false });
    expect(await say('/search')).toEqual({ text: 'Usage: /search QUERY', quit: false });
    expect(await say('/feedback 00000000 +2')).toEqual({ text: 'Usage: /feedback ID +1|-1', quit: false });
  });

  it('handleSessionLine() answers a question from the documents with numbered citations', async () => {
    const reply = await say('How often should I feed the sourdough starter?');
    const [answer, ...citations] = reply.text.split('\n');
    expect(answer).toMatch(/sourdough starter wants feeding with rye flour every evening/);
    expect(citations[0]).toMatch(new RegExp(`^  \\[1\\] [0-9a-f]{8,} ${join(docs, 'kitchen.md')}$`));
    expect(noctem.profile.get().topicCounts.length).toBeGreaterThan(0);
  });

  it('handleSessionLine() answers /status, /help, an unknown command and an empty line', async () => {
    expect(await say('/status')).toEqual({ text: '2 documents, 2 passages remembered; 0 changes waiting.', quit: false });
    expect(await say('/help')).toEqual({ text: sessionHelp, quit: false });
    expect((await say('/frobnicate now')).text).toMatch(/^Unknown command \/frobnicate\./);
    expect(await say('   ')).toEqual({ text: '', quit: false });
  });

  it('handleSessionLine() ends the session on /quit', async () => {
    expect(await say('/quit')).toEqual({ text: 'Goodbye.', quit: true });
  });
});

describe('noctem up', () => {
  it('noctem up creates the home, takes in ./inbox and answers scripted lines until /quit', async () => {
    const cwd = join(dir, 'up');
    await mkdir(join(cwd, 'inbox'), { recursive: true });
    await writeFile(join(cwd, 'inbox', 'lighthouse.md'), 'The lighthouse keeper logs every passing trawler at dawn.\n');
    const upHome = join(dir, 'up-home');
    const child = spawn(process.execPath, [join(root, 'bin', 'noctem.js'), 'up', '--home', upHome, '--json'], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: dir, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.stdin.end('/search lighthouse trawler\n/quit\n');
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect({ code, stderr }).toMatchObject({ code: 0, stderr: expect.stringContaining('Noctem is up.') });
    expect(JSON.parse(stdout)).toEqual({ home: upHome, inbox: join(cwd, 'inbox'), created: true, lines: 2 });
    expect(stderr).toMatch(/1\. \[[0-9a-f]{8,}\] lighthouse\.md .*\n {3}The lighthouse keeper logs every passing trawler/);
    expect(stderr).toContain('Goodbye.');
  }, 60_000);
});
