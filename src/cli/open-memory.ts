/**
 * Opening the home with its memory services for the memory commands.
 */
import { openMemory, type Memory, type Noctem } from '../daemon/index.ts';
import type { CommandContext } from './command.ts';
import { withNoctem } from './open-home.ts';

/** Opens the home and its memory, runs `fn`, closes the home. */
export function withMemory<T>(context: CommandContext, fn: (memory: Memory, noctem: Noctem) => Promise<T> | T): Promise<T> {
  return withNoctem(context, async (noctem) => fn(await openMemory(noctem, { env: context.env }), noctem));
}
