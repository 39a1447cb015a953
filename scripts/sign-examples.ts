/**
 * Signs the example skills in examples/skills with a fresh "Noctem examples" identity: writes
 * its DID into each manifest's `author`, then `noctem-skill.sig.json` and
 * `noctem-skill.kel.json` beside it, and throws the identity's keys away with its temporary
 * home. Run it after changing an example (`npm run sign:examples`); the tests install the
 * examples as shipped, so an example edited without re-signing fails them.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNoctem } from '../src/daemon/index.ts';
import { signSkillFolder } from '../src/skills/index.ts';

const examples = join(import.meta.dirname, '..', 'examples', 'skills');
const temp = await mkdtemp(join(tmpdir(), 'noctem-examples-'));
try {
  const noctem = await createNoctem(join(temp, 'home'), { name: 'Noctem examples' });
  try {
    const did = noctem.identity.keyState().did;
    for (const name of (await readdir(examples)).sort()) {
      const dir = join(examples, name);
      const manifestPath = join(dir, 'noctem-skill.json');
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
      await writeFile(manifestPath, `${JSON.stringify({ ...manifest, author: did }, null, 2)}\n`);
      const { pkg, signature } = await signSkillFolder(dir, { signer: noctem.identity.livingSigner(), signedAtMs: noctem.clock.nowMs(), keyEvents: noctem.identity.keyEvents() });
      process.stdout.write(`signed ${name} ${pkg.manifest.version} digest ${signature.digest}\n`);
    }
    process.stdout.write(`author ${did}\n`);
  } finally {
    await noctem.close();
  }
} finally {
  await rm(temp, { recursive: true, force: true });
}
