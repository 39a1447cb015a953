/**
 * The CLI entry: finds the command in the registry, parses global and command flags with
 * node:util parseArgs, runs it, renders the result and returns the exit code.
 */
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { NoctemError, systemClock } from '../core/index.ts';
import { assertNotKilled } from '../daemon/index.ts';
import { homePaths, resolveHomeRoot } from '../store/index.ts';
import type { CliContext, Command, CommandContext } from './command.ts';
import { commands } from './commands/index.ts';
import { renderHelp } from './help.ts';
import { promptLine } from './tty-prompt.ts';
import { renderError } from './render-error.ts';

const globalOptions = {
  home: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/**
 * Runs one CLI invocation in `context` and returns its exit code (0, 1 or 2).
 * @param argv - arguments after `noctem`
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const json = argv.includes('--json');
  try {
    const { command, rest } = findCommand(argv);
    if (command === undefined) {
      const wantsHelp = rest.length === 0 || rest[0] === 'help' || rest[0] === '--help' || rest[0] === '-h';
      if (!wantsHelp) unknown(rest);
      context.stdout.write(renderHelp(commands));
      return 0;
    }
    const { values, positionals } = parseFlags(command, rest);
    if (values['help'] === true) {
      context.stdout.write(renderHelp([command]));
      return 0;
    }
    const input = command.parse(values, positionals);
    const homeFlag = typeof values['home'] === 'string' ? values['home'] : undefined;
    const commandContext = makeCommandContext(context, homeFlag, json);
    if (command.startsWork === true) assertNotKilled(homePaths(commandContext.homeRoot));
    const output = await command.run(input, commandContext);
    context.stdout.write(json ? `${JSON.stringify(output)}\n` : ensureNewline(command.renderText(output)));
    return command.exitCode?.(output) ?? 0;
  } catch (error) {
    return renderError(error, { stdout: context.stdout, stderr: context.stderr, json });
  }
}

/** Runs the CLI against the real process. */
export async function main(argv: readonly string[]): Promise<number> {
  const isTty = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  return runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    clock: systemClock,
    cwd: process.cwd(),
    userHome: homedir(),
    isTty,
    prompt: (question, options) => promptLine(question, options),
  });
}

function findCommand(argv: readonly string[]): { command: Command | undefined; rest: string[] } {
  const words: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  for (let n = Math.min(words.length, 3); n > 0; n -= 1) {
    const name = words.slice(0, n).join(' ');
    const command = commands.find((c) => c.name === name);
    if (command !== undefined) return { command, rest: argv.slice(n) };
  }
  return { command: undefined, rest: [...argv] };
}

function unknown(rest: readonly string[]): never {
  throw new NoctemError('USAGE_UNKNOWN_COMMAND', `Unknown command "${rest.filter((w) => !w.startsWith('-')).join(' ')}"`);
}

/** A negative number such as the `-1` of `feedback ID -1`: an argument, never a flag. */
const negativeNumber = /^-\d+(\.\d+)?$/;

function parseFlags(command: Command, rest: string[]): ReturnType<typeof parseArgs> {
  // parseArgs reads `-1` as an unknown short flag, so negative numbers are swapped for
  // placeholders (which cannot start with '-') and swapped back after parsing.
  const placeholder = (i: number): string => `\u0000${i}`;
  const numbers: string[] = [];
  const args = rest.map((arg) => (negativeNumber.test(arg) ? placeholder(numbers.push(arg) - 1) : arg));
  const restore = <T>(value: T): T | string => {
    if (typeof value !== 'string' || !value.startsWith('\u0000')) return value;
    return numbers[Number(value.slice(1))] ?? value;
  };
  try {
    const parsed = parseArgs({
      args,
      options: { ...globalOptions, ...command.options },
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
    const values = Object.fromEntries(Object.entries(parsed.values).map(([name, value]) => [name, Array.isArray(value) ? value.map(restore) : restore(value)]));
    return { values, positionals: parsed.positionals.map(restore) } as ReturnType<typeof parseArgs>;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new NoctemError('USAGE', `${message.split('\n')[0] ?? message}`, {
      cause,
      hint: `Usage: noctem ${command.name} ${command.usage}`,
    });
  }
}

function makeCommandContext(context: CliContext, homeFlag: string | undefined, json: boolean): CommandContext {
  const homeRoot = resolveHomeRoot({
    flag: homeFlag,
    envHome: context.env['NOCTEM_HOME'],
    userHome: context.userHome,
    cwd: context.cwd,
  });
  const progress = (line: string): void => {
    if (context.isTty && !json) context.stderr.write(`\r\x1b[K${line}`);
  };
  return { ...context, homeRoot, json, progress };
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') || text === '' ? text : `${text}\n`;
}
