/**
 * The child process of the restore crash test: `node --import tsx test/crash/restore-child.ts
 * TARGET FILE...` restores the chain FILE... into TARGET through the daemon, as `noctem
 * restore` does. It prints `started` once its modules are loaded and `finished` after the
 * restore returned, so the parent can tell where its SIGKILL landed.
 */
import { restoreHome } from '../../src/daemon/index.ts';

const [target, ...files] = process.argv.slice(2);
if (target === undefined || files.length === 0) throw new Error('usage: restore-child.ts TARGET FILE...');

process.stdout.write('started\n');
await restoreHome(files, target);
process.stdout.write('finished\n');
