/**
 * `npm run bench -- documents`: ingests ../shared/corpora/documents (PDF, DOCX, HTML,
 * Markdown, reST, text and hostile archives) through the real pipeline. Every file either
 * ingests or fails with a clear reason; reports counts, time and peak memory (this
 * process's RSS, sampled, and the extraction workers' reported peaks are not included).
 */
import { resolve } from 'node:path';
import { row, type Benchmark } from './benchmark.ts';
import { benchHome } from './noctem-memory.ts';

const documentsDir = resolve(import.meta.dirname, '..', '..', 'shared', 'corpora', 'documents');

/** The benchmark. */
export const benchmark: Benchmark = {
  async run({ log }) {
    const home = await benchHome();
    let peakRssBytes = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
    }, 50);
    try {
      const started = performance.now();
      const summary = await home.memory.ingest.ingest([documentsDir]);
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      const byCode = new Map<string, number>();
      for (const failure of summary.failures) byCode.set(failure.code, (byCode.get(failure.code) ?? 0) + 1);
      const widths = [28, 12];
      log(row(['documents corpus', 'value'], widths));
      log(row(['files ok', summary.files.ok], widths));
      log(row(['files skipped (with reason)', summary.files.skipped], widths));
      log(row(['files failed (with code)', summary.files.failed], widths));
      log(row(['chunks', summary.chunks], widths));
      log(row(['MiB read', summary.bytes / 2 ** 20], widths));
      log(row(['seconds', seconds], widths));
      log(row(['peak RSS MiB (main)', peakRssBytes / 2 ** 20], widths));
      for (const [code, count] of byCode) log(`  failed with ${code}: ${count}`);
      for (const failure of summary.failures.slice(0, 40)) log(`  failed  ${failure.path.replace(documentsDir, '…')}: [${failure.code}] ${failure.reason}`);
      for (const skip of summary.skips.slice(0, 40)) log(`  skipped ${skip.path.replace(documentsDir, '…')}: ${skip.reason}`);
      const unexplained = [...summary.failures.filter((f) => f.reason.trim() === ''), ...summary.skips.filter((s) => s.reason.trim() === '')];
      return {
        dataset: 'documents',
        files: summary.files,
        chunks: summary.chunks,
        bytes: summary.bytes,
        seconds,
        peakRssMiB: peakRssBytes / 2 ** 20,
        failuresByCode: Object.fromEntries(byCode),
        unexplained: unexplained.length,
      };
    } finally {
      clearInterval(sampler);
      await home.dispose();
    }
  },
};
