/**
 * `npm run bench [-- NAME] [--json]`: runs one benchmark from bench/, or all of them.
 * Each benchmark module exports `benchmark: Benchmark`. Human-readable tables go to
 * stdout; with --json the last line of each benchmark's output is one JSON object of its
 * figures.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg, totalmem } from 'node:os';
import type { Benchmark } from './benchmark.ts';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const names = args.filter((a) => !a.startsWith('--'));

const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const chosen = names.length === 0 ? available : names;
for (const name of chosen) {
  if (!available.includes(name)) {
    process.stderr.write(`error[USAGE]: no benchmark "${name}"\nhint: choose one of: ${available.join(', ')}\n`);
    process.exit(1);
  }
}
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
for (const name of chosen) {
  const module = (await import(join(here, `${name}.bench.ts`))) as { benchmark: Benchmark };
  process.stdout.write(`\n## ${name}  (${machine}; load ${loadavg()[0]?.toFixed(2)}; ${new Date().toISOString()})\n`);
  const figures = await module.benchmark.run({ log: (line) => process.stdout.write(`${line}\n`) });
  if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}
