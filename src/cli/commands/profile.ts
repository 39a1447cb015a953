/**
 * `noctem profile [--name NAME]`: the profile of spec §6.3.1-6.3.2 (name, preferences,
 * topic counts, significant events); `--name` renames.
 */
import { NoctemError } from '../../core/index.ts';
import { renameProfile, updateProfileIn, type Profile } from '../../identity/index.ts';
import { defineCommand, type FlagValues } from '../command.ts';
import { withNoctem } from '../open-home.ts';

const eventsShown = 10;

/** The `profile` command. */
export const profileCommand = defineCommand<{ name?: string }, Profile>({
  name: 'profile',
  summary: 'Show the profile: name, preferences, topics, significant events',
  usage: '[--name NAME]',
  options: { name: { type: 'string' } },
  parse(values: FlagValues): { name?: string } {
    const name = values['name'];
    if (name === undefined) return {};
    if (typeof name !== 'string' || name.trim() === '') throw new NoctemError('USAGE', '--name must not be empty');
    return { name };
  },
  run: (input, context) =>
    withNoctem(context, (noctem) => {
      if (input.name === undefined) return noctem.profile.get();
      const name = input.name;
      // The rename and its audit entry commit together or not at all.
      return noctem.store.write((writer) => {
        const profile = updateProfileIn(writer, (current) => renameProfile(current, name));
        noctem.audit.appendInTransaction(writer, [{ actor: 'person', action: 'profile.rename', details: { name: profile.name } }]);
        return profile;
      });
    }),
  renderText: (p) =>
    [
      `name: ${p.name}`,
      `preferences: ${p.preferences.length === 0 ? '(none yet)' : p.preferences.map((t) => `${t.topic} ${t.affinity >= 0 ? '+' : ''}${t.affinity.toFixed(1)}`).join(', ')}`,
      `topics: ${p.topicCounts.length === 0 ? '(none yet)' : [...p.topicCounts].sort((a, b) => b.count - a.count).slice(0, 20).map((t) => `${t.topic} ×${t.count}`).join(', ')}`,
      `events (${p.events.length}, newest ${eventsShown}):`,
      ...p.events.slice(-eventsShown).map((e) => `  ${new Date(e.atMs).toISOString()}  ${e.text}`),
    ].join('\n'),
});
