/**
 * How skill commands talk to the person: approvals on the terminal when there is one,
 * notices (pre-approvals, waiting requests) on stderr.
 */
import type { SkillInteraction } from '../../daemon/index.ts';
import type { CommandContext } from '../command.ts';

/** The interaction of a skill command run in `context`. */
export function skillInteraction(context: CommandContext): SkillInteraction {
  return {
    env: context.env,
    isTty: context.isTty,
    prompt: (question) => context.prompt(question),
    notice: (line) => context.stderr.write(`${line}\n`),
  };
}
