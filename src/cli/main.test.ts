/**
 * Goal: the command line's contract (DESIGN.md "Command line"): help generated from the
 * registry, usage errors before any home is touched, errors on stderr (or as JSON on
 * stdout under --json), exit codes 0/1/2, and home resolution (--home, else NOCTEM_HOME,
 * else ~/.noctem). Method: runCli() in-process with captured output; the resolution cases
 * use a command on a missing home, whose HOME_NOT_FOUND error names the path it tried.
 */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Clock } from '../core/index.ts';
import { cli, withTempDir } from '../../test/helpers/cli.ts';
import { commands } from './commands/index.ts';

interface ErrorBody {
  readonly error: { readonly code: string; readonly details: { readonly home?: string } };
}

test('runCli() prints help listing every registered command and exits 0', async () => {
  const result = await cli(['help']);
  expect(result.code).toBe(0);
  for (const command of commands) expect(result.stdout).toMatch(new RegExp(`^  noctem ${command.name} +${escape(command.summary)}$`, 'm'));
  const lines = result.stdout.split('\n');
  expect([...lines.slice(0, 3), ...lines.slice(-3)]).toMatchInlineSnapshot(`
    [
      "Noctem: a portable, self-sovereign personal AI runtime.",
      "",
      "Usage:",
      "",
      "Every command takes --home DIR (else NOCTEM_HOME, else ~/.noctem) and --json.",
      "",
    ]
  `);
});

test('runCli() prints the same help with no arguments and with --help', async () => {
  const help = (await cli(['help'])).stdout;
  expect((await cli([])).stdout).toBe(help);
  expect((await cli(['--help'])).stdout).toBe(help);
});

test('runCli() prints one command\'s help and usage for COMMAND --help', async () => {
  const result = await cli(['identity', 'export-genesis', '--help']);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(result.stdout).toMatchInlineSnapshot(`
    "Noctem: a portable, self-sovereign personal AI runtime.

    Usage:
      noctem identity export-genesis  Write the genesis secret to a file (and optionally remove it from the home)

      noctem identity export-genesis --out FILE [--remove]

    Every command takes --home DIR (else NOCTEM_HOME, else ~/.noctem) and --json.
    "
  `);
});

test('runCli() rejects an unknown command with USAGE_UNKNOWN_COMMAND and exit 1', async () => {
  const result = await cli(['frobnicate', 'now']);
  expect(result).toMatchObject({ code: 1, stdout: '' });
  expect(result.stderr).toMatchInlineSnapshot(`
    "error[USAGE_UNKNOWN_COMMAND]: Unknown command "frobnicate now"
    hint: Run \`noctem help\` to list the commands.
    "
  `);
});

test('runCli() rejects an unknown subcommand of a known noun', async () => {
  const result = await cli(['identity', 'explode', '--json']);
  expect(result.code).toBe(1);
  expect(result.json<ErrorBody>().error.code).toBe('USAGE_UNKNOWN_COMMAND');
});

test('runCli() rejects an unknown flag with USAGE and the command\'s usage as hint', async () => {
  const result = await cli(['audit', '--bogus']);
  expect(result).toMatchObject({ code: 1, stdout: '' });
  expect(result.stderr).toMatchInlineSnapshot(`
    "error[USAGE]: Unknown option '--bogus'
    hint: Usage: noctem audit [--limit N]
    "
  `);
});

test('runCli() rejects a flag without its value', async () => {
  const result = await cli(['init', '--name']);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^error\[USAGE\]: /);
});

test('runCli() rejects arguments a command does not take', async () => {
  const result = await cli(['doctor', 'extra']);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^error\[USAGE\]: .*extra/);
});

test('runCli() checks a command\'s own flags before opening the home', async () => {
  const result = await cli(['audit', '--limit', '0', '--home', '/nonexistent/noctem']);
  expect(result.stderr).toMatchInlineSnapshot(`
    "error[USAGE]: --limit must be an integer from 1 to 10000
    hint: Run \`noctem help\` to see the commands and their options.
    "
  `);
});

test('runCli() under --json prints the error body on stdout and nothing on stderr', async () => {
  const result = await cli(['audit', '--json', '--home', '/nonexistent/noctem']);
  expect(result).toMatchObject({ code: 1, stderr: '' });
  expect(result.json()).toMatchInlineSnapshot(`
    {
      "error": {
        "code": "HOME_NOT_FOUND",
        "details": {
          "home": "/nonexistent/noctem",
        },
        "hint": "Run \`noctem init\` first, or pass --home DIR to point at an existing home.",
        "message": "No Noctem home at "/nonexistent/noctem"",
      },
    }
  `);
});

test('runCli() renders a bug as error[INTERNAL] on stderr and exits 2', async () => {
  await withTempDir(async (dir) => {
    const result = await cli(['init', '--home', join(dir, 'h')], { clock: brokenClock });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatchInlineSnapshot(`
      "error[INTERNAL]: the clock broke
      hint: This is a bug in Noctem; please report it with the command you ran.
      "
    `);
  });
});

test('runCli() under --json renders a bug as an INTERNAL body on stdout and exits 2', async () => {
  await withTempDir(async (dir) => {
    const result = await cli(['init', '--json', '--home', join(dir, 'h')], { clock: brokenClock });
    expect(result).toMatchObject({ code: 2, stderr: '' });
    expect(result.json()).toMatchObject({ error: { code: 'INTERNAL', message: 'the clock broke' } });
  });
});

test('runCli() resolves a relative --home against the working directory', async () => {
  const result = await cli(['audit', '--json', '--home', 'rel/home'], { cwd: '/work/somewhere' });
  expect(result.json<ErrorBody>().error).toMatchObject({ code: 'HOME_NOT_FOUND', details: { home: '/work/somewhere/rel/home' } });
});

test('runCli() accepts --home=DIR', async () => {
  const result = await cli(['audit', '--json', '--home=/srv/noctem']);
  expect(result.json<ErrorBody>().error.details.home).toBe('/srv/noctem');
});

test('runCli() takes the home from NOCTEM_HOME when --home is absent', async () => {
  const result = await cli(['audit', '--json'], { env: { NOCTEM_HOME: '/from/env' } });
  expect(result.json<ErrorBody>().error.details.home).toBe('/from/env');
});

test('runCli() prefers --home over NOCTEM_HOME', async () => {
  const result = await cli(['audit', '--json', '--home', '/from/flag'], { env: { NOCTEM_HOME: '/from/env' } });
  expect(result.json<ErrorBody>().error.details.home).toBe('/from/flag');
});

test('runCli() falls back to ~/.noctem', async () => {
  const result = await cli(['audit', '--json'], { userHome: '/home/ada' });
  expect(result.json<ErrorBody>().error.details.home).toBe('/home/ada/.noctem');
});

test('runCli() refuses an empty --home with HOME_PATH_INVALID', async () => {
  const result = await cli(['audit', '--json', '--home', '  ']);
  expect(result.json<ErrorBody>().error.code).toBe('HOME_PATH_INVALID');
});

/** A clock that fails like a bug would: not a NoctemError. */
const brokenClock: Clock = {
  nowMs: () => {
    throw new TypeError('the clock broke');
  },
};

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
