/**
 * STYLE.md rule 6: source files stay under ~300 lines (hard limit 400, tests excluded).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const linesMax = 400;
const problems: string[] = [];
for (const folder of ['src', 'bench', 'scripts']) walk(join(root, folder));
function walk(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith('.ts') && !path.endsWith('.test.ts')) {
      const lines = readFileSync(path, 'utf8').split('\n').length;
      if (lines > linesMax) problems.push(`${relative(root, path)}: ${lines} lines (max ${linesMax})`);
    }
  }
}
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('sizes ok\n');
