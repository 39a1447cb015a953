import { loadScifact } from './scifact-data.ts';
import { runPeers } from './search-peers.ts';
const data = loadScifact();
const t = performance.now();
const result = await runPeers(data);
console.log(JSON.stringify(result, null, 1));
console.error('total s', ((performance.now() - t) / 1000).toFixed(1));
