/**
 * `noctem feedback ID +1|-1`: records which results helped (for later learning) and moves
 * the profile's preference for the result's topic by ±0.1 (spec §6.3.2).
 */
import { NoctemError } from '../../core/index.ts';
import type { FeedbackSignal } from '../../identity/index.ts';
import { recordFeedback, type FeedbackOutcome } from '../../daemon/index.ts';
import { defineCommand } from '../command.ts';
import { withMemory } from '../open-memory.ts';

interface FeedbackInput {
  readonly id: string;
  readonly signal: FeedbackSignal;
}

/** The `feedback` command. */
export const feedbackCommand = defineCommand<FeedbackInput, FeedbackOutcome>({
  name: 'feedback',
  summary: 'Tell Noctem a search result helped (+1) or not (-1)',
  usage: 'ID +1|-1',
  options: {},
  positionals: true,
  parse(_values, positionals): FeedbackInput {
    const [id, raw] = positionals;
    if (positionals.length !== 2 || id === undefined || (raw !== '+1' && raw !== '-1' && raw !== '1')) {
      throw new NoctemError('USAGE', 'Give a result ID and +1 or -1');
    }
    return { id, signal: raw === '-1' ? -1 : 1 };
  },
  run: (input, context) => withMemory(context, (memory, noctem) => recordFeedback(noctem, memory, input.id, input.signal)),
  renderText: (o) =>
    `Recorded ${o.signal > 0 ? '+1' : '-1'} for ${o.id}.${o.topic === null ? '' : ` Preference for "${o.topic}" is now ${o.affinity?.toFixed(1)}.`}`,
});
