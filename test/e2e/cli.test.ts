/**
 * Goal: the real `noctem` executable keeps the command-line contract end to end: `init`
 * and `identity show` through NOCTEM_HOME, only JSON on stdout under --json, errors on
 * stderr with exit 1, and `doctor` exiting promptly. Method: spawn `node bin/noctem.js`
 * (each spawn costs ~0.7 s, so this file stays small; the in-process tests in src/cli/
 * cover the rest).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
let dir: string;
let home: string;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From the last output to the exit: how long the process lingered after its work. */
  readonly lingerMs: number;
}

/** Runs `noctem ...argv` as a child process with `env` added to a clean environment. */
function noctem(argv: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  let lastOutputMs = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'noctem.js'), ...argv], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', HOME: dir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      lastOutputMs = performance.now();
    });
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr, lingerMs: performance.now() - lastOutputMs }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-e2e-'));
  home = join(dir, 'home');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('noctem init --json creates a home and prints only its JSON on stdout', async () => {
  const result = await noctem(['init', '--home', home, '--name', 'Ada', '--json']);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(result.stdout)).toMatchObject({ home, name: 'Ada', did: expect.stringMatching(/^did:key:z6Mk/), encrypted: false });
});

test('noctem identity show finds the home through NOCTEM_HOME', async () => {
  const result = await noctem(['identity', 'show', '--json'], { NOCTEM_HOME: home });
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(result.stdout)).toMatchObject({ sequence: 0, chainValid: true, genesisPresent: true, name: 'Ada' });
});

test('noctem falls back to ~/.noctem and prints the error and hint on stderr with exit 1', async () => {
  const result = await noctem(['audit', 'verify']);
  expect(result).toMatchObject({ code: 1, stdout: '' });
  expect(result.stderr.replace(dir, '~')).toMatchInlineSnapshot(`
    "error[HOME_NOT_FOUND]: No Noctem home at "~/.noctem"
    hint: Run \`noctem init\` first, or pass --home DIR to point at an existing home.
    "
  `);
});

test('noctem with an unknown command under --json prints the error body on stdout', async () => {
  const result = await noctem(['frobnicate', '--json']);
  expect(result).toMatchObject({ code: 1, stderr: '' });
  expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'USAGE_UNKNOWN_COMMAND' } });
});

test('noctem doctor reports a healthy home and exits without waiting on its probes', async () => {
  const result = await noctem(['doctor', '--home', home]);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^ok {3}audit log: 1 entries$/m);
  // A missing runsc once kept the process alive for the probe timeout (5 s) after its output.
  expect(result.lingerMs).toBeLessThan(2500);
});
