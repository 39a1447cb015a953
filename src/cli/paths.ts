/**
 * Paths typed by the person, resolved against the command's working directory.
 */
import { isAbsolute, join } from 'node:path';
import type { CommandContext } from './command.ts';

/** Resolves `path` against the working directory unless it is absolute. */
export function absolute(path: string, context: Pick<CommandContext, 'cwd'>): string {
  return isAbsolute(path) ? path : join(context.cwd, path);
}
