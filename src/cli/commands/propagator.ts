/**
 * `noctem propagator list` shows the propagators a SCRAM blacklisted; `noctem propagator clear
 * NAME` allows one again (audited as `wave.blacklist.clear`).
 */
import { NoctemError, limits } from '../../core/index.ts';
import { clearBlacklistedPropagator, readPropagatorBlacklist, type BlacklistedPropagator } from '../../daemon/index.ts';
import { defineCommand } from '../command.ts';
import { withNoctem } from '../open-home.ts';

interface ListedPropagator extends BlacklistedPropagator {
  /** `atMs` as an ISO 8601 time. */
  readonly at: string;
}

/** `propagator list`: the blacklist, oldest first. */
export const propagatorListCommand = defineCommand<Record<string, never>, { entries: ListedPropagator[] }>({
  name: 'propagator list',
  summary: 'List the wave propagators a SCRAM blacklisted',
  usage: '',
  options: {},
  parse: () => ({}),
  run: (_input, context) =>
    withNoctem(context, (noctem) => ({ entries: readPropagatorBlacklist(noctem.store).map((e) => ({ ...e, at: new Date(e.atMs).toISOString() })) })),
  renderText: (o) =>
    o.entries.length === 0
      ? 'No propagator is blacklisted.'
      : o.entries.map((e) => `${e.name}  blacklisted ${e.at}  ${e.check} at step ${e.step}: ${e.reason}\n  snapshot: ${e.snapshot ?? '(not written; see the audit entry)'}`).join('\n'),
});

interface ClearInput {
  readonly name: string;
}

/** `propagator clear NAME`: removes NAME from the blacklist. */
export const propagatorClearCommand = defineCommand<ClearInput, { cleared: string; remaining: number }>({
  name: 'propagator clear',
  summary: 'Allow a blacklisted wave propagator to run again',
  usage: 'NAME',
  options: {},
  positionals: true,
  parse(_values, positionals): ClearInput {
    const [name] = positionals;
    if (positionals.length !== 1 || name === undefined || name === '' || name.length > limits.propagatorNameCharsMax) {
      throw new NoctemError('USAGE', `Give one propagator name (1 to ${limits.propagatorNameCharsMax} characters); \`noctem propagator list\` shows them`);
    }
    return { name };
  },
  run: (input, context) =>
    withNoctem(context, (noctem) => {
      clearBlacklistedPropagator(noctem, input.name);
      return { cleared: input.name, remaining: readPropagatorBlacklist(noctem.store).length };
    }),
  renderText: (o) => `Cleared "${o.cleared}": it may run again. ${o.remaining} propagator${o.remaining === 1 ? '' : 's'} still blacklisted.`,
});
