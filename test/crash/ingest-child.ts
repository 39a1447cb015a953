/**
 * The child process of the ingest crash test: `node --import tsx test/crash/ingest-child.ts
 * HOME FOLDER` opens the home and its memory through the composition root, ingests the
 * folder, and closes (sealing the audit log), as `noctem ingest` does. It prints where it
 * is, so the parent can tell where its SIGKILL landed: `started` once its modules are
 * loaded, `ingesting` once the memory is open, `progress N` after each file, `finished
 * {files}` after the last write and `closed` after the seal.
 */
import { openMemory, openNoctem } from '../../src/daemon/index.ts';

const [home, folder] = process.argv.slice(2);
if (home === undefined || folder === undefined) throw new Error('usage: ingest-child.ts HOME FOLDER');

process.stdout.write('started\n');
const noctem = await openNoctem(home);
try {
  const memory = await openMemory(noctem, { env: process.env });
  process.stdout.write('ingesting\n');
  const summary = await memory.ingest.ingest([folder], { onProgress: (p) => process.stdout.write(`progress ${p.files}\n`) });
  process.stdout.write(`finished ${JSON.stringify(summary.files)}\n`);
} finally {
  await noctem.close();
}
process.stdout.write('closed\n');
