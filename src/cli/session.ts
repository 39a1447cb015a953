/**
 * The interactive session of `noctem up`: each line is a question (answered with
 * citations), or a command: `/search QUERY`, `/feedback ID +1|-1`, `/status`, `/help`,
 * `/quit`. Line handling is separate from the terminal so tests drive it directly.
 */
import { isNoctemError } from '../core/index.ts';
import { renderResult } from './commands/search.ts';
import { askMemory, recordFeedback, type Memory, type Noctem } from '../daemon/index.ts';

/** The session's help text. */
export const sessionHelp = [
  'Type a question to ask your documents, or:',
  '  /search QUERY        list matching passages with their ids',
  '  /feedback ID +1|-1   tell Noctem whether a result helped',
  '  /status              what the memory holds',
  '  /quit                leave (Ctrl-D works too)',
].join('\n');

/** What a line produced; `quit` ends the session. */
export interface SessionReply {
  readonly text: string;
  readonly quit: boolean;
}

/** Handles one line of the session. Errors become replies; bugs propagate. */
export async function handleSessionLine(line: string, memory: Memory, noctem: Noctem): Promise<SessionReply> {
  const trimmed = line.trim();
  try {
    if (trimmed === '') return { text: '', quit: false };
    if (trimmed === '/quit' || trimmed === '/exit') return { text: 'Goodbye.', quit: true };
    if (trimmed === '/help') return { text: sessionHelp, quit: false };
    if (trimmed === '/status') return { text: statusLine(noctem), quit: false };
    // A bare `/search` or `/feedback` gets its usage, not "unknown command".
    if (isCommand(trimmed, '/search')) return { text: await search(trimmed.slice(8), memory), quit: false };
    if (isCommand(trimmed, '/feedback')) return { text: feedback(trimmed.slice(10), memory, noctem), quit: false };
    if (trimmed.startsWith('/')) return { text: `Unknown command ${trimmed.split(' ')[0]}.\n${sessionHelp}`, quit: false };
    return { text: await ask(trimmed, memory, noctem), quit: false };
  } catch (error) {
    if (isNoctemError(error)) return { text: `error[${error.code}]: ${error.message}\nhint: ${error.hint}`, quit: false };
    throw error;
  }
}

/** One line about the memory's size. */
export function statusLine(noctem: Noctem): string {
  const sources = noctem.store.count('sources');
  const chunks = noctem.store.count('chunks');
  const queued = noctem.store.count('queue');
  return `${sources} documents, ${chunks} passages remembered; ${queued} changes waiting.`;
}

function isCommand(line: string, name: string): boolean {
  return line === name || line.startsWith(`${name} `);
}

async function search(query: string, memory: Memory): Promise<string> {
  if (query.trim() === '') return 'Usage: /search QUERY';
  const results = await memory.recall.search(query, { k: 5, scoreMin: memory.recallScoreMin() });
  if (results.length === 0) return 'Nothing found.';
  return results.map(renderResult).join('\n');
}

async function ask(question: string, memory: Memory, noctem: Noctem): Promise<string> {
  const answer = await askMemory(noctem, memory, question);
  const sources = answer.citations.map((c, i) => `  [${i + 1}] ${c.id} ${c.source}`);
  return [answer.answer, ...sources].join('\n');
}

function feedback(rest: string, memory: Memory, noctem: Noctem): string {
  const [id, raw] = rest.trim().split(/\s+/);
  if (id === undefined || (raw !== '+1' && raw !== '-1')) return 'Usage: /feedback ID +1|-1';
  const outcome = recordFeedback(noctem, memory, id, raw === '+1' ? 1 : -1);
  return `Thanks: recorded ${raw} for ${id}.${outcome.topic === null ? '' : ` Preference for "${outcome.topic}": ${outcome.affinity?.toFixed(1)}.`}`;
}
