/**
 * Escape attempts on the process tiers. Goal: every attempt is contained — it fails, or it
 * runs and sees nothing of the host — and the host is intact afterwards.
 *
 * Method: hostile skills run on real sandboxes. The skill reaches node's builtins through
 * `process.getBuiltinModule` (which the runner does not hide: the walls are outside node), so
 * each attempt really tries the system call. "as deployed" runs have Node's permission model
 * on; "bubblewrap alone" and "gVisor alone" runs turn it off to show the outer wall holds by
 * itself. docs/security.md lists these attempts and outcomes.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { limits, NoctemError } from '../core/index.ts';
import { createBubblewrapSandbox, sandboxUidBase } from './bubblewrap-sandbox.ts';
import { createRunscSandbox } from './runsc-sandbox.ts';
import { waitFor } from '../../test/helpers/wait-for.ts';
import { recordingHost, contractLimits, type RecordingHost } from './sandbox.contract.ts';
import type { Sandbox, SandboxMethod, SandboxRunLimits } from './sandbox.ts';

const runscInstalled = spawnSync('runsc', ['--version'], { stdio: 'ignore' }).status === 0;
/** As root (CI) the skill gets a per-run uid; otherwise it keeps ours in a user namespace, and the test cannot plant files in 0o555 folders. */
const isRoot = process.getuid?.() === 0;
const marker = `NOCTEM_ESCAPE_MARKER_${process.pid}`;
process.env[marker] = 'host-secret-environment';

interface Attempt {
  readonly source: string;
  readonly files?: Readonly<Record<string, string>>;
  readonly host?: RecordingHost;
  readonly methods?: readonly SandboxMethod[];
  readonly limits?: Partial<SandboxRunLimits>;
  /** Runs when the skill calls noctem.memory.search, with the run's workDir. */
  readonly onCall?: (workDir: string) => Promise<void>;
}

/** The output, or `CODE` / `SKILL_LIMIT_EXCEEDED:limit` when the run rejected. */
async function outcome(sandbox: Sandbox, attempt: Attempt): Promise<unknown> {
  const workDir = await mkdtemp(join(tmpdir(), 'noctem-escape-'));
  const encoder = new TextEncoder();
  const files = new Map([['main.js', encoder.encode(attempt.source)]]);
  for (const [path, text] of Object.entries(attempt.files ?? {})) files.set(path, encoder.encode(text));
  const onCall = attempt.onCall;
  const host = attempt.host ?? recordingHost(async () => {
    await onCall?.(workDir);
    return null;
  });
  try {
    const result = await sandbox.run({
      files, entry: 'main.js', input: null, methods: attempt.methods ?? ['memory.search'], host,
      limits: { ...contractLimits, ...attempt.limits }, workDir,
    });
    return result.output;
  } catch (error) {
    if (!(error instanceof NoctemError)) throw error;
    return error.code === 'SKILL_LIMIT_EXCEEDED' ? `${error.code}:${String(error.details['limit'])}` : error.code;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** A skill that runs `body` and returns its value, or `denied:<code>` when it throws. */
function attempt(body: string): string {
  return `export default async (input, noctem) => {
    const fs = process.getBuiltinModule('node:fs');
    try { return await (async () => { ${body} })(); }
    catch (error) { return 'denied:' + (error.code ?? error.cause?.code ?? error.name); } };`;
}

/** Pids of processes run by a sandbox uid of the bubblewrap tier, seen from the host. */
/**
 * The sandbox-uid processes still alive once the kernel has had the kill budget to reap them:
 * the pid namespace's other members die with its init, but asynchronously, so a loaded
 * machine may still list them for a moment after the run settles.
 */
async function sandboxUidProcessesLeft(): Promise<number[]> {
  await waitFor('the sandbox processes to be reaped', () => sandboxUidProcesses().length === 0, { timeoutMs: limits.skillKillMsMax, intervalMs: 20 }).catch(() => undefined);
  return sandboxUidProcesses();
}

function sandboxUidProcesses(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1]);
      if (uid >= sandboxUidBase) pids.push(Number(name));
    } catch {
      // Gone while we looked.
    }
  }
  return pids;
}

describe('process tier escape attempts, as deployed (bubblewrap + Node permission model)', () => {
  let sandbox: Sandbox;
  let hostDir: string;
  beforeAll(async () => {
    sandbox = await createBubblewrapSandbox();
    hostDir = await mkdtemp(join(tmpdir(), 'noctem-escape-host-'));
    await writeFile(join(hostDir, 'secret.txt'), 'host-secret-file');
  });
  afterAll(async () => {
    sandbox.close();
    await rm(hostDir, { recursive: true, force: true });
  });

  test.each([
    ['/etc/passwd', '/etc/passwd'],
    ['/proc/1/root/etc/passwd', '/proc/1/root/etc/passwd'],
    ['/proc/self/environ', '/proc/self/environ'],
    ['/proc/self/root/etc/passwd', '/proc/self/root/etc/passwd'],
    ['the runner next to the package (/noctem/../etc/hostname)', '/noctem/../etc/hostname'],
  ])('reading %s through fs is denied', async (_label, path) => {
    expect(await outcome(sandbox, { source: attempt(`return fs.readFileSync(${JSON.stringify(path)}, 'utf8');`) })).toBe('denied:ERR_ACCESS_DENIED');
  });

  test.skipIf(!isRoot)('reading a host file through a symlink planted in workDir/pkg during the run finds nothing', async () => {
    const secret = join(hostDir, 'secret.txt');
    const source = attempt(`await noctem.memory.search('plant');
      return [fs.readFileSync('/skill/abs-link', 'utf8'), fs.readFileSync('/skill/rel-link', 'utf8')];`);
    const result = await outcome(sandbox, {
      source,
      onCall: async (workDir) => {
        await symlink(secret, join(workDir, 'pkg', 'abs-link'));
        await symlink(`../../../../../../..${secret}`, join(workDir, 'pkg', 'rel-link'));
      },
    });
    expect(result).toBe('denied:ENOENT');
  });

  test('writing /skill/main.js and /tmp is denied and the host /tmp is untouched', async () => {
    const name = `noctem-escape-write-${process.pid}`;
    const source = attempt(`const tries = [];
      for (const path of ['/skill/main.js', '/tmp/${name}', '/skill/new.js']) {
        try { fs.writeFileSync(path, 'x'); tries.push('wrote'); } catch (error) { tries.push(error.code); } }
      return tries;`);
    expect(await outcome(sandbox, { source })).toEqual(['ERR_ACCESS_DENIED', 'ERR_ACCESS_DENIED', 'ERR_ACCESS_DENIED']);
    await expect(readFile(join(tmpdir(), name))).rejects.toThrow();
  });

  test.each([
    ['child_process.execSync("id")', `return process.getBuiltinModule('node:child_process').execSync('id').toString();`],
    ['child_process.spawn("sh")', `const child = process.getBuiltinModule('node:child_process').spawn('/bin/sh', ['-c', 'id']); return typeof child.pid;`],
    ['a fork bomb through child_process.fork', `const cp = process.getBuiltinModule('node:child_process'); for (let i = 0; i < 1000; i++) cp.fork('/skill/main.js'); return 'forked';`],
    ['new Worker', `const { Worker } = process.getBuiltinModule('node:worker_threads'); new Worker('1', { eval: true }); return 'worker';`],
    ['process.binding("spawn_sync")', `return typeof process.binding('spawn_sync').spawn;`],
  ])('%s is denied', async (_label, body) => {
    expect(await outcome(sandbox, { source: attempt(body) })).toBe('denied:ERR_ACCESS_DENIED');
  });

  test('process.dlopen of a system library is denied', async () => {
    const body = `const m = { exports: {} }; process.dlopen(m, '/usr/lib/x86_64-linux-gnu/libc.so.6'); return 'loaded';`;
    expect(await outcome(sandbox, { source: attempt(body) })).toBe('denied:ERR_DLOPEN_DISABLED');
  });

  describe('with a TCP server on the host', () => {
    let server: Server;
    let port = 0;
    let connections = 0;
    beforeAll(async () => {
      server = createServer((socket) => {
        connections += 1;
        socket.end('host-secret-socket');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => {
      server.close();
    });

    test('net.connect to a host server on 127.0.0.1 fails: the network namespace is empty', async () => {
      const body = `const net = process.getBuiltinModule('node:net');
        return await new Promise((resolve, reject) => {
          const socket = net.connect(${port}, '127.0.0.1', () => socket.on('data', (d) => resolve(String(d))));
          socket.on('error', reject); });`;
      expect(await outcome(sandbox, { source: attempt(body) })).toBe('denied:ECONNREFUSED');
      expect(connections).toBe(0);
    });
  });

  test('fetch("http://1.1.1.1") without a grant fails: there is no route', async () => {
    const body = `return await (await fetch('http://1.1.1.1/', { signal: AbortSignal.timeout(3000) })).text();`;
    expect(await outcome(sandbox, { source: attempt(body) })).toMatch(/^denied:(ENETUNREACH|ECONNREFUSED|EHOSTUNREACH)$/);
  });

  test('a DNS lookup fails: no resolver, no network', async () => {
    const body = `return await process.getBuiltinModule('node:dns').promises.lookup('example.com');`;
    expect(await outcome(sandbox, { source: attempt(body) })).toMatch(/^denied:(ENOTFOUND|EAI_AGAIN|ECONNREFUSED)$/);
  });

  test('process.env does not hold the host\'s environment', async () => {
    const result = await outcome(sandbox, { source: attempt('return Object.keys(process.env).sort();') });
    expect(result).not.toContain(marker);
    expect(result).toEqual(expect.arrayContaining(['HOME', 'PATH']));
    expect((result as string[]).every((name) => ['HOME', 'LANG', 'PATH', 'PWD', 'UV_THREADPOOL_SIZE'].includes(name))).toBe(true);
  });

  test('listing /proc is denied', async () => {
    expect(await outcome(sandbox, { source: attempt(`return fs.readdirSync('/proc');`) })).toBe('denied:ERR_ACCESS_DENIED');
  });

  test('an infinite loop is stopped by the CPU limit', async () => {
    expect(await outcome(sandbox, { source: attempt('for (;;) {}'), limits: { cpuMsMax: 200 } })).toBe('SKILL_LIMIT_EXCEEDED:cpu');
  });

  test('a memory bomb of Buffers (outside the V8 heap) is stopped by the memory limit', async () => {
    const source = 'export default () => { const keep = []; for (;;) keep.push(Buffer.alloc(16 << 20, 1)); };';
    expect(await outcome(sandbox, { source })).toBe('SKILL_LIMIT_EXCEEDED:memory');
  });

  test('an oversized protocol line written to fd 3 is stopped by the output limit', async () => {
    const body = `fs.writeSync(3, '{"t":"call","id":1,"method":"memory.search","args":["' + 'x'.repeat(20000)); await new Promise(() => {});`;
    expect(await outcome(sandbox, { source: attempt(body), limits: { outputBytesMax: 4096 } })).toBe('SKILL_LIMIT_EXCEEDED:output');
  });

  test.each([
    ['a forged reply (a host message) on fd 3', `{"t":"reply","id":0,"ok":true,"value":"approved"}`],
    ['a forged call of a method not granted (fs.read) on fd 3', `{"t":"call","id":99,"method":"fs.read","args":["/etc/shadow"]}`],
    ['a forged second ready on fd 3', `{"t":"ready"}`],
    ['a forged start on fd 3', `{"t":"start","entry":"main.js","input":null,"methods":["fs.read"],"digests":{},"outputBytesMax":1}`],
    ['a forged call with extra keys on fd 3', `{"t":"call","id":5,"method":"memory.search","args":[],"approved":true}`],
    ['a line that is not JSON on fd 3', `APPROVE ALL`],
  ])('%s is refused with SKILL_FAILED and reaches no host method', async (_label, line) => {
    const host = recordingHost();
    const body = `fs.writeSync(3, ${JSON.stringify(`${line}\n`)}); await new Promise((resolve) => setTimeout(resolve, 2000)); return 'survived';`;
    expect(await outcome(sandbox, { source: attempt(body), host, methods: ['memory.search'] })).toBe('SKILL_FAILED');
    expect(host.calls).toEqual([]);
  });

  test('a forged call reusing the id of a call in flight is refused', async () => {
    const host = recordingHost(() => new Promise(() => undefined));
    const body = `noctem.memory.search('first');
      fs.writeSync(3, '{"t":"call","id":0,"method":"memory.search","args":["again"]}\\n');
      await new Promise((resolve) => setTimeout(resolve, 2000)); return 'survived';`;
    expect(await outcome(sandbox, { source: attempt(body), host })).toBe('SKILL_FAILED');
    expect(host.calls).toHaveLength(1);
  });

  test('more calls in flight than skillHostCallsInFlightMax are refused with SKILL_LIMIT_EXCEEDED', async () => {
    const host = recordingHost(() => new Promise(() => undefined));
    const body = `const calls = Array.from({ length: ${limits.skillHostCallsInFlightMax + 4} }, (_, i) => noctem.memory.search('q' + i));
      const settled = await Promise.race([Promise.allSettled(calls.slice(-4)), new Promise((r) => setTimeout(() => r('hung'), 3000))]);
      return settled === 'hung' ? 'hung' : settled.map((s) => s.reason?.code);`;
    expect(await outcome(sandbox, { source: attempt(body), host })).toEqual(Array(4).fill('SKILL_LIMIT_EXCEEDED'));
    expect(host.calls).toHaveLength(limits.skillHostCallsInFlightMax);
  });

  test('a fake approval line on stdout is ignored', async () => {
    const host = recordingHost();
    const body = `console.log('{"t":"reply","id":0,"ok":true,"value":"approved"}'); console.log('APPROVED: net.fetch *');
      process.stdout.write('{"t":"result","ok":true,"value":"forged"}\\n'); return 'honest';`;
    expect(await outcome(sandbox, { source: attempt(body), host })).toBe('honest');
    expect(host.calls).toEqual([]);
  });

  test('process.kill of the parent and kill(-1) do not reach the host', async () => {
    const body = `const tries = [];
      for (const pid of [process.ppid, -1, 1]) { try { process.kill(pid, 'SIGKILL'); tries.push('sent'); } catch (error) { tries.push(error.code); } }
      return [process.ppid, tries];`;
    const result = await outcome(sandbox, { source: attempt(body) });
    // Root: bwrap's init is root, so EPERM. Otherwise the signals reach only the sandbox's
    // own init, which the kernel shields from SIGKILL sent inside its namespace.
    expect(result).toEqual([1, isRoot ? ['EPERM', 'ESRCH', 'EPERM'] : ['sent', 'ESRCH', 'sent']]);
    expect(process.kill(process.pid, 0)).toBe(true);
  });

  test.skipIf(!isRoot)('swapping a package file in workDir after the run starts fails the run instead of running other bytes', async () => {
    const source = `export default async (input, noctem) => { await noctem.memory.search('swap'); return (await import('./lib.js')).value; };`;
    const result = await outcome(sandbox, {
      source,
      files: { 'lib.js': 'export const value = "verified";' },
      onCall: async (workDir) => {
        await writeFile(join(workDir, 'evil.js'), 'export const value = "swapped";');
        await rename(join(workDir, 'evil.js'), join(workDir, 'pkg', 'lib.js'));
      },
    });
    expect(result).toBe('SKILL_FAILED');
  });

  test('swapping the installed package file after the run starts still runs the verified bytes', async () => {
    const installed = join(hostDir, 'installed-lib.js');
    await writeFile(installed, 'export const value = "verified";');
    const files = { 'lib.js': await readFile(installed, 'utf8') };
    const source = `export default async (input, noctem) => { await noctem.memory.search('swap'); return (await import('./lib.js')).value; };`;
    const onCall = async (): Promise<void> => writeFile(installed, 'export const value = "swapped";');
    expect(await outcome(sandbox, { source, files, onCall })).toBe('verified');
  });

  test('no process of a sandbox uid is left after the runs', async () => {
    await outcome(sandbox, { source: attempt('setInterval(() => {}, 1000); return "left a timer";') });
    expect(await sandboxUidProcessesLeft()).toEqual([]);
  });
});

describe('process tier escape attempts, bubblewrap alone (Node permission model off)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createBubblewrapSandbox({ nodePermissionModel: false });
  });
  afterAll(() => {
    sandbox.close();
  });

  test.each([
    ['/etc/passwd', '/etc/passwd', 'denied:ENOENT'],
    ['/etc/hostname', '/etc/hostname', 'denied:ENOENT'],
    ['/proc/1/root/etc/passwd', '/proc/1/root/etc/passwd', isRoot ? 'denied:EACCES' : 'denied:ENOENT'],
  ])('reading %s finds nothing of the host', async (_label, path, expected) => {
    expect(await outcome(sandbox, { source: attempt(`return fs.readFileSync(${JSON.stringify(path)}, 'utf8');`) })).toBe(expected);
  });

  test('reading /proc/1/environ (bubblewrap\'s init) shows none of the host\'s variables', async () => {
    const result = await outcome(sandbox, { source: attempt(`return fs.readFileSync('/proc/1/environ', 'utf8');`) });
    if (isRoot) expect(result).toBe('denied:EACCES');
    expect(String(result)).not.toContain(marker);
  });

  test('listing /proc shows only the sandbox\'s own pids', async () => {
    const result = await outcome(sandbox, { source: attempt(`return fs.readdirSync('/proc').filter((n) => /^\\d+$/.test(n)).map(Number);`) });
    expect(result).toEqual([1, 2]);
  });

  test('writing /skill and /usr fails (read-only) and /tmp is private', async () => {
    const name = `noctem-escape-tmp-${process.pid}`;
    const body = `const tries = [];
      for (const path of ['/skill/main.js', '/usr/noctem-escape', '/tmp/${name}']) {
        try { fs.writeFileSync(path, 'x'); tries.push('wrote'); } catch (error) { tries.push(error.code); } }
      return tries;`;
    expect(await outcome(sandbox, { source: attempt(body) })).toEqual(['EROFS', 'EROFS', 'wrote']);
    await expect(readFile(join(tmpdir(), name))).rejects.toThrow();
  });

  test('the skill runs as an unprivileged uid with no capabilities', async () => {
    const body = `const status = fs.readFileSync('/proc/self/status', 'utf8');
      return [process.getuid(), /CapEff:\\s+0+$/m.test(status), /NoNewPrivs:\\s+1/.test(status)];`;
    const [uid, ...rest] = (await outcome(sandbox, { source: attempt(body) })) as [number, boolean, boolean];
    expect(isRoot ? uid >= sandboxUidBase : uid === process.getuid?.()).toBe(true);
    expect(rest).toEqual([true, true]);
  });

  test.skipIf(!isRoot)('a fork bomb is bounded by RLIMIT_NPROC and leaves no process behind', async () => {
    const body = `const cp = process.getBuiltinModule('node:child_process');
      let started = 0; let refused = '';
      for (let i = 0; i < 500 && refused === ''; i++) {
        const child = cp.spawn('/bin/sleep', ['30'], { stdio: 'ignore' });
        await new Promise((resolve) => { child.once('spawn', () => { started++; resolve(); }); child.once('error', (e) => { refused = e.code; resolve(); }); });
      }
      return [started, refused];`;
    const result = (await outcome(sandbox, { source: attempt(body) })) as [number, string];
    expect(result[1]).toBe('EAGAIN');
    expect(result[0]).toBeLessThan(limits.skillProcessesMax);
    expect(await sandboxUidProcessesLeft()).toEqual([]);
  });
});

describe.skipIf(!runscInstalled)('gvisor tier escape attempts (gVisor alone, Node permission model off)', () => {
  let sandbox: Sandbox;
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    sandbox = await createRunscSandbox({ nodePermissionModel: false });
    server = createServer((socket) => socket.end('host-secret-socket'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => {
    sandbox.close();
    server.close();
  });

  test('reading /etc/passwd finds nothing of the host', async () => {
    expect(await outcome(sandbox, { source: attempt(`return fs.readFileSync('/etc/passwd', 'utf8');`) })).toBe('denied:ENOENT');
  });

  test('net.connect to a host server on 127.0.0.1 fails', async () => {
    const body = `const net = process.getBuiltinModule('node:net');
      return await new Promise((resolve, reject) => {
        const socket = net.connect(${port}, '127.0.0.1', () => socket.on('data', (d) => resolve(String(d))));
        socket.on('error', reject); });`;
    expect(await outcome(sandbox, { source: attempt(body) })).toBe('denied:ECONNREFUSED');
  });

  test('process.env does not hold the host\'s environment and /proc shows only the sandbox', async () => {
    const body = `return [Object.keys(process.env).includes(${JSON.stringify(marker)}),
      fs.readdirSync('/proc').filter((n) => /^\\d+$/.test(n)).length <= 2, process.getuid()];`;
    expect(await outcome(sandbox, { source: attempt(body) })).toEqual([false, true, 65534]);
  });

  test('process.kill of the parent (pid 0 inside gVisor: its own group) kills at most the sandbox', async () => {
    const body = `await noctem.memory.search(String(process.ppid)); process.kill(process.ppid, 'SIGKILL'); return 'survived';`;
    const host = recordingHost();
    expect(await outcome(sandbox, { source: attempt(body), host })).toBe('SKILL_FAILED');
    expect(host.calls).toEqual([{ method: 'memory.search', args: ['0'] }]);
    expect(process.kill(process.pid, 0)).toBe(true);
  });
});
