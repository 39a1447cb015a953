/**
 * `noctem ingest PATH...`: remembers files and folders (archives opened safely). The person
 * asked for it, so it runs whatever the ATP reserve, and is charged per chunk ingested
 * afterwards (decisions MC2; daemon/metabolic-costs.ts).
 */
import { NoctemError } from '../../core/index.ts';
import { chargeMetabolism } from '../../daemon/index.ts';
import type { IngestProgress, IngestSummary } from '../../ingest/index.ts';
import { defineCommand, type CommandContext, type FlagValues } from '../command.ts';
import { withMemory } from '../open-memory.ts';
import { absolute } from '../paths.ts';
import { inputSizeBytes } from '../input-size.ts';

/** The `ingest` command. */
export const ingestCommand = defineCommand<{ paths: string[] }, Omit<IngestSummary, 'skips'> & { skips?: IngestSummary['skips'] }>({
  name: 'ingest',
  startsWork: true,
  summary: 'Remember files and folders (text, Markdown, HTML, PDF, DOCX, JSON, CSV, code, archives)',
  usage: 'PATH...',
  options: {},
  positionals: true,
  parse(_values: FlagValues, positionals): { paths: string[] } {
    if (positionals.length === 0) throw new NoctemError('USAGE', 'Give at least one file or folder to ingest');
    return { paths: [...positionals] };
  },
  run: (input, context) =>
    withMemory(context, async (memory, noctem) => {
      const paths = input.paths.map((p) => absolute(p, context));
      const totalBytes = context.isTty && !context.json ? await inputSizeBytes(paths) : undefined;
      const summary = await memory.ingest.ingest(paths, { onProgress: progressPrinter(context, totalBytes) });
      context.progress('');
      if (summary.chunks > 0) chargeMetabolism(noctem.store, { activity: 'ingestion', count: summary.chunks, nowMs: noctem.clock.nowMs() });
      return summary;
    }),
  renderText: (o) =>
    [
      `Ingested ${o.files.ok} files (${o.chunks} chunks, ${(o.bytes / 2 ** 20).toFixed(1)} MiB) in ${o.seconds.toFixed(1)} s; ${o.files.unchanged} unchanged, ${o.files.skipped} skipped, ${o.files.failed} failed.`,
      ...o.failures.map((f) => `  failed  ${f.path}: [${f.code}] ${f.reason}`),
      ...(o.skips ?? []).map((s) => `  skipped ${s.path}: ${s.reason}`),
    ].join('\n'),
});

/** Prints files, MB, rate, elapsed time and (when the total is known) the ETA on a TTY. */
export function progressPrinter(context: CommandContext, totalBytes?: number): (p: IngestProgress) => void {
  let lastMs = 0;
  return (p) => {
    if (p.elapsedMs - lastMs < 200) return;
    lastMs = p.elapsedMs;
    const seconds = p.elapsedMs / 1000;
    const mb = p.bytes / 2 ** 20;
    const rate = mb / Math.max(seconds, 0.001);
    const left = totalBytes === undefined || rate === 0 ? '' : `, ETA ${Math.max(0, (totalBytes / 2 ** 20 - mb) / rate).toFixed(0)} s`;
    context.progress(`${p.files} files, ${mb.toFixed(1)} MB, ${p.chunks} chunks, ${rate.toFixed(1)} MB/s, ${seconds.toFixed(0)} s${left}`);
  };
}
