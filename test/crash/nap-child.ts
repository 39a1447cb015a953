/**
 * The child process of the nap crash test: `node --import tsx test/crash/nap-child.ts HOME
 * NAPS` opens the home and runs NAPS manual naps in a row through the daemon's nap service
 * (each: one transaction, a checkpoint, the history record and audit entry), as `noctem nap`
 * does, then closes. It prints `started` once its modules are loaded and `done N` after each nap.
 */
import { MetabolicLocks, initialDriveState } from '../../src/autonomy/index.ts';
import { openNoctem, runNap } from '../../src/daemon/index.ts';
import { MemoryIndex } from '../../src/recall/index.ts';

const [home, naps] = process.argv.slice(2);
if (home === undefined || naps === undefined) throw new Error('usage: nap-child.ts HOME NAPS');

process.stdout.write('started\n');
const noctem = await openNoctem(home);
try {
  const locks = new MetabolicLocks();
  for (let n = 1; n <= Number(naps); n++) {
    await runNap(noctem, { index: new MemoryIndex(noctem.store) }, { locks, drives: initialDriveState, trigger: 'manual' });
    process.stdout.write(`done ${n}\n`);
  }
} finally {
  await noctem.close();
}
process.stdout.write('closed\n');
