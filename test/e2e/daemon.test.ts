/**
 * Goal: `noctem daemon` runs in the foreground, exits 0 within 2 s of SIGTERM with its state
 * flushed, idles under 2 % CPU; `noctem status --json` shows the drives; feedback moves
 * dopamine. Method: a real child process on a real home; the daemon reports its own CPU time
 * (process.cpuUsage over the loop) on exit.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { initHome } from '../helpers/home.ts';
import { waitFor } from '../helpers/wait-for.ts';

const root = resolve(import.meta.dirname, '../..');
let dir: string;
let home: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-daemon-e2e-'));
  home = await initHome(join(dir, 'home'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

test('noctem status --json shows baseline chemistry, no goals and no nap before the daemon ran', async () => {
  const status = (await cli(['status', '--json', '--home', home])).json();
  expect(status).toMatchObject({ chemistry: { dopamine: 0.5, serotonin: 0.5, norepinephrine: 0, atp: 1 }, boredom: 0, goals: [], lastNap: null, nodes: 0 });
});

test('noctem daemon exits 0 within 2 s of SIGTERM, flushes its state and idles under 2 % CPU', async () => {
  const child = spawn(process.execPath, [join(root, 'bin', 'noctem.js'), 'daemon', '--json', '--home', home], {
    cwd: root, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? root }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  await new Promise((done) => setTimeout(done, 9000));
  const sentAt = performance.now();
  child.kill('SIGTERM');
  const code = await exited;
  const exitMs = performance.now() - sentAt;
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(exitMs).toBeLessThan(2000);
  const report = JSON.parse(stdout) as { ticks: number; cpuPercent: number; wallMs: number; cpuMs: number };
  console.log(`daemon idle: ${report.ticks} ticks, ${report.cpuMs.toFixed(1)} ms CPU over ${report.wallMs.toFixed(0)} ms = ${report.cpuPercent.toFixed(3)} %; exit ${exitMs.toFixed(0)} ms after SIGTERM`);
  expect(report.ticks).toBeGreaterThanOrEqual(3);
  expect(report.cpuPercent).toBeLessThan(2);
  const status = (await cli(['status', '--json', '--home', home])).json<{ chemistry: { serotonin: number } }>();
  // Serotonin drains while awake: a flushed state shows it below the baseline.
  expect(status.chemistry.serotonin).toBeLessThan(0.5);
}, 20_000);

test('noctem feedback +1 raises dopamine and noctem daemon --reset-drives restores the baseline', async () => {
  const docs = join(dir, 'docs');
  await mkdir(docs, { recursive: true });
  await writeFile(join(docs, 'a.md'), '# Lighthouses\n\nLighthouses guide ships along rocky coasts at night with bright rotating lamps.\n');
  expect((await cli(['ingest', docs, '--home', home])).code).toBe(0);
  const hits = (await cli(['search', 'lighthouses', '--json', '--home', home])).json<{ results: { id: string }[] }>();
  const id = hits.results[0]?.id ?? '';
  const before = (await cli(['status', '--json', '--home', home])).json<{ chemistry: { dopamine: number } }>();
  expect((await cli(['feedback', id, '+1', '--home', home])).code).toBe(0);
  const after = (await cli(['status', '--json', '--home', home])).json<{ chemistry: { dopamine: number } }>();
  expect(after.chemistry.dopamine).toBeGreaterThan(before.chemistry.dopamine);
  expect((await cli(['daemon', '--reset-drives', '--home', home])).code).toBe(0);
  const reset = (await cli(['status', '--json', '--home', home])).json<{ chemistry: { dopamine: number } }>();
  expect(reset.chemistry.dopamine).toBe(0.5);
}, 20_000);

test('noctem daemon --watch DIR ingests what lands in the folder and still stops cleanly on SIGTERM', async () => {
  const inbox = join(dir, 'daemon-inbox');
  await mkdir(inbox, { recursive: true });
  const child = spawn(process.execPath, [join(root, 'bin', 'noctem.js'), 'daemon', '--json', '--watch', inbox, '--home', home], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? root, NOCTEM_CACHE_DIR: join(tmpdir(), 'noctem-test-cache') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  const documentsNow = async (): Promise<number> => (await cli(['status', '--json', '--home', home])).json<{ documents: number }>().documents;
  const before = await documentsNow();
  await waitFor('the watcher ready', () => stderr.includes(`daemon: watching ${inbox}`), { timeoutMs: 30_000 });
  await writeFile(join(inbox, 'owls.md'), '# Owls\n\nOwls hunt at night and turn their heads far around.\n');
  await waitFor('the watched file ingested', async () => (await documentsNow()) === before + 1, { timeoutMs: 20_000 });
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 60_000);
