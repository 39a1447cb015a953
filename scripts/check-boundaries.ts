/**
 * Enforces DESIGN.md's layering (STYLE.md rule 2): imports point downward only, cross a
 * layer only through its index.ts, and I/O modules are imported only by adapter files
 * (`<technology>-<role>.ts`) and the front-end layers. Exits 1 with a list of violations.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', 'src');
/** Layer rank: a file may import only layers of lower or equal rank (equal: same layer). */
const rank: Record<string, number> = {
  core: 0,
  store: 1, identity: 1, security: 1,
  manifold: 2, recall: 2, wave: 2,
  autonomy: 3, nap: 3, ingest: 3, answer: 3, persist: 3,
  improve: 4, skills: 4, sync: 4,
  daemon: 5,
  cli: 6, api: 6, mcp: 6, web: 6,
};
/** Same-rank layers a layer may import (through index.ts), written out so cycles cannot form. */
const sameRankAllowed: Record<string, readonly string[]> = {
  identity: ['store'],
  security: ['store', 'identity'],
  recall: ['manifold'],
  wave: ['manifold'],
  ingest: ['autonomy'],
  nap: ['autonomy'],
};
const ioModules = ['node:fs', 'node:fs/promises', 'node:child_process', 'node:net', 'node:http', 'lmdb', 'chokidar', '@bokuweb/zstd-wasm'];
const ioFreeLayers = new Set(['daemon', 'cli', 'api', 'mcp', 'web']);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function isAdapter(file: string): boolean {
  const base = file.split('/').pop() ?? '';
  return /^[a-z0-9]+-[a-z0-9-]+\.ts$/.test(base) && /^(lmdb|fs|process|http|node|tty|worker|zstd|chokidar|bwrap|quickjs|net)-/.test(base);
}

const problems: string[] = [];
for (const file of walk(root)) {
  if (file.endsWith('.test.ts') || file.endsWith('.contract.ts')) continue;
  const rel = relative(root, file);
  const layer = rel.split('/')[0] ?? '';
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
    const spec = match[1] ?? '';
    if (ioModules.includes(spec) && !isAdapter(file) && !ioFreeLayers.has(layer)) {
      problems.push(`${rel}: imports ${spec} but is not an adapter (<technology>-<role>.ts)`);
    }
    if (!spec.startsWith('.')) continue;
    const target = relative(root, resolve(dirname(file), spec));
    const targetLayer = target.split('/')[0] ?? '';
    if (targetLayer === layer) continue;
    const [from, to] = [rank[layer], rank[targetLayer]];
    if (from === undefined || to === undefined) continue;
    const sameOk = from === to && (sameRankAllowed[layer] ?? []).includes(targetLayer);
    if (to > from || (to === from && !sameOk)) problems.push(`${rel}: imports ${target} (upward or sideways)`);
    if (!target.endsWith('/index.ts') && target.split('/').length > 1) {
      problems.push(`${rel}: reaches past ${targetLayer}/index.ts to ${target}`);
    }
  }
}
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n${problems.length} boundary violation(s)\n`);
  process.exit(1);
}
process.stdout.write('boundaries ok\n');
