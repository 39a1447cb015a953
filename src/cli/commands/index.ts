/**
 * The static registry of CLI commands; help is generated from it.
 */
import type { Command } from '../command.ts';

/** Every command, in help order. */
export const commands: readonly Command[] = [];
