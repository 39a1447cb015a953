/**
 * The shape of a CLI command (STYLE.md "CLI commands"): parse validates input before the
 * home is opened, run calls services and returns plain data, renderText formats it.
 */
import type { ParseArgsConfig } from 'node:util';
import type { Clock } from '../core/index.ts';

/** Where output goes. */
export interface Writer {
  write(text: string): void;
}

/** The world a command runs in; tests pass their own. */
export interface CliContext {
  readonly stdout: Writer;
  readonly stderr: Writer;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  readonly cwd: string;
  readonly userHome: string;
  /** True when stdin and stderr are a terminal: prompts and progress are allowed. */
  readonly isTty: boolean;
  /** Asks the person a question on the terminal; `secret` hides the answer. */
  readonly prompt: (question: string, options?: { secret?: boolean }) => Promise<string>;
}

/** What `run` receives besides its input. */
export interface CommandContext extends CliContext {
  /** The absolute home root chosen by --home, NOCTEM_HOME or ~/.noctem. */
  readonly homeRoot: string;
  /** True under --json: nothing but JSON goes to stdout. */
  readonly json: boolean;
  /** Writes a progress line to stderr (only on a TTY and not under --json). */
  readonly progress: (line: string) => void;
}

/** Parsed flag values as node:util parseArgs returns them. */
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** One command. */
export interface Command<Input = unknown, Output = unknown> {
  /** Words after `noctem`, e.g. `identity rotate`. */
  readonly name: string;
  readonly summary: string;
  /** Usage after the name, e.g. `--out FILE [--remove]`. */
  readonly usage: string;
  /** The command's own flags (parseArgs config); --home, --json, --help are global. */
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Whether the command takes positional arguments. @default false */
  readonly positionals?: boolean;
  /**
   * Whether the command starts work (ingestion, naps, the daemon): such a command is refused
   * with KILL_SWITCH_ENGAGED while the home's kill switch is engaged, before it opens the
   * home. Read-only commands, and kill and revive themselves, leave it unset. @default false
   */
  readonly startsWork?: boolean;
  /** Validates flags and positionals. @throws {NoctemError} USAGE */
  parse(values: FlagValues, positionals: readonly string[]): Input;
  /** Does the work. */
  run(input: Input, context: CommandContext): Promise<Output>;
  /** Human-readable output. */
  renderText(output: Output): string;
  /** Exit code for a successful run whose output reports a failure (e.g. invalid). @default 0 */
  exitCode?(output: Output): number;
}

/** Erases a command's types for the registry. */
export function defineCommand<I, O>(command: Command<I, O>): Command {
  return command as unknown as Command;
}
