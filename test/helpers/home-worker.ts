/**
 * A child process that writes to a home, for the concurrency (test/e2e) and SIGKILL
 * (test/crash) tests. Run it with `node --import tsx test/helpers/home-worker.ts MODE ...`:
 *
 * - `cli TIMES ARG...` runs the real CLI (`main(ARG...)`) TIMES times (`forever` loops);
 * - `audit HOME BATCHES SIZE` opens the home once and appends BATCHES batches of SIZE
 *   entries (`forever` loops), each batch one transaction, then closes (sealing).
 *
 * It prints `started` once its modules are loaded and `done N` after each step, so a
 * parent can time a kill to land during the work rather than during start-up. It exits 1
 * on the first failed step.
 */
import { main } from '../../src/cli/main.ts';
import { openNoctem } from '../../src/daemon/index.ts';

const [mode, ...args] = process.argv.slice(2);

function times(text: string | undefined): number {
  return text === 'forever' ? Number.POSITIVE_INFINITY : Number(text);
}

async function runCliSteps(count: number, argv: string[]): Promise<void> {
  for (let step = 0; step < count; step += 1) {
    const code = await main(argv);
    if (code !== 0) throw new Error(`noctem ${argv.join(' ')} exited ${code} at step ${step}`);
    process.stdout.write(`done ${step}\n`);
  }
}

async function appendBatches(home: string, count: number, size: number): Promise<void> {
  const noctem = await openNoctem(home);
  try {
    for (let step = 0; step < count; step += 1) {
      const records = Array.from({ length: size }, (_, i) => ({ actor: `worker-${process.pid}`, action: 'test.batch', details: { step, i } }));
      noctem.audit.append(...records);
      process.stdout.write(`done ${step}\n`);
    }
  } finally {
    await noctem.close();
  }
}

process.stdout.write('started\n');
if (mode === 'cli') {
  const [count, ...argv] = args;
  await runCliSteps(times(count), argv);
} else if (mode === 'audit') {
  const [home = '', count, size] = args;
  await appendBatches(home, times(count), Number(size));
} else {
  throw new Error(`unknown mode ${String(mode)}`);
}
