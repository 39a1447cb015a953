import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZstdCodec } from '../src/persist/index.ts';
import { benchFolder, restoreInto } from './persistence-home.ts';
const codec = await ZstdCodec.create();
const file = new Uint8Array(readFileSync('/tmp/jx/small.nik'));
const folder = await benchFolder();
for (const run of [1, 2, 3]) console.log(JSON.stringify(await restoreInto(file, codec, join(folder.path, `r${run}`))));
await folder.dispose();
