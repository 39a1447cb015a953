/**
 * Help text, generated from the Command objects so it never drifts from the registry.
 */
import type { Command } from './command.ts';

/** Renders help for `commands` (all of them for `noctem help`). */
export function renderHelp(commands: readonly Command[]): string {
  const lines = ['Noctem: a portable, self-sovereign personal AI runtime.', '', 'Usage:'];
  const width = Math.max(...commands.map((c) => c.name.length));
  for (const command of commands) {
    lines.push(`  noctem ${command.name.padEnd(width)}  ${command.summary}`);
    if (commands.length === 1) lines.push('', `  noctem ${command.name} ${command.usage}`.trimEnd());
  }
  lines.push('', 'Every command takes --home DIR (else NOCTEM_HOME, else ~/.noctem) and --json.');
  return `${lines.join('\n')}\n`;
}
