/**
 * `noctem status`: what the home holds: documents, passages, nodes, queue, audit entries.
 */
import { readCorpusStats } from '../../recall/index.ts';
import { defineCommand } from '../command.ts';
import { withNoctem } from '../open-home.ts';

interface StatusOutput {
  readonly home: string;
  readonly name: string;
  readonly did: string;
  readonly documents: number;
  readonly chunks: number;
  readonly nodes: number;
  readonly terms: number;
  readonly queued: number;
  readonly auditEntries: number;
}

/** The `status` command. */
export const statusCommand = defineCommand<Record<string, never>, StatusOutput>({
  name: 'status',
  summary: 'Show what the home holds',
  usage: '',
  options: {},
  parse: () => ({}),
  run: (_input, context) =>
    withNoctem(context, (noctem) => ({
      home: noctem.paths.root,
      name: noctem.config.name,
      did: noctem.identity.show().did,
      documents: noctem.store.count('sources'),
      chunks: noctem.store.count('chunks'),
      nodes: noctem.store.count('nodes'),
      terms: readCorpusStats(noctem.store).terms,
      queued: noctem.store.count('queue'),
      auditEntries: noctem.audit.count(),
    })),
  renderText: (o) =>
    `${o.name} (${o.did})\nhome: ${o.home}\nmemory: ${o.documents} documents, ${o.chunks} passages, ${o.nodes} nodes, ${o.terms} terms\nwatch queue: ${o.queued}\naudit log: ${o.auditEntries} entries`,
});
