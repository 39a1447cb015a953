/**
 * Runs the CLI in-process with captured stdout/stderr, a fixed clock and a temp home:
 * Hono-style in-process tests of the command line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock, type Clock } from '../../src/core/index.ts';
import type { CliContext } from '../../src/cli/command.ts';
import { runCli } from '../../src/cli/main.ts';

/** The captured result of one CLI run. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json<T = Record<string, unknown>>(): T;
}

/** Options for {@link cli}. */
export interface CliOptions {
  readonly env?: Record<string, string | undefined>;
  /** @default a FakeClock at 2026-01-01 */
  readonly clock?: Clock;
  /** @default os.tmpdir() */
  readonly cwd?: string;
  /** The user's home directory, for `~/.noctem`. @default os.tmpdir() */
  readonly userHome?: string;
  /** Answers for prompts, in order; their presence makes the context a TTY. */
  readonly answers?: string[];
}

/** Runs `noctem ...argv` in-process. */
export async function cli(argv: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const answers = [...(options.answers ?? [])];
  const context: CliContext = {
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t) },
    env: options.env ?? {},
    clock: options.clock ?? new FakeClock(),
    cwd: options.cwd ?? tmpdir(),
    userHome: options.userHome ?? tmpdir(),
    isTty: options.answers !== undefined,
    prompt: async () => {
      const answer = answers.shift();
      if (answer === undefined) throw new Error('no scripted answer left');
      return answer;
    },
  };
  const code = await runCli(argv, context);
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}

/** Runs `fn` with a fresh temp directory path for a home (not yet created), then removes it. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'noctem-test-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
