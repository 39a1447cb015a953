/**
 * Writes a skill package folder for tests: `noctem-skill.json` plus source files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** What the folder holds. */
export interface SkillFolderSpec {
  readonly name: string;
  /** The author's did:key (the home's, to sign it there). */
  readonly author: string;
  /** Source of `main.js`. */
  readonly main: string;
  /** @default [] */
  readonly capabilities?: readonly { readonly name: string; readonly scope: readonly string[] }[];
  /** @default 'quickjs' */
  readonly tier?: string;
  /** @default '1.0.0' */
  readonly version?: string;
  /** More files by relative path. @default {} */
  readonly files?: Readonly<Record<string, string>>;
}

/**
 * Writes the package into `dir` (created).
 * @returns `dir`
 */
export async function writeSkillFolder(dir: string, spec: SkillFolderSpec): Promise<string> {
  await mkdir(dir, { recursive: true });
  const manifest = {
    name: spec.name, version: spec.version ?? '1.0.0', description: `test skill ${spec.name}`, entry: 'main.js',
    capabilities: spec.capabilities ?? [], tier: spec.tier ?? 'quickjs', author: spec.author,
  };
  await writeFile(join(dir, 'noctem-skill.json'), JSON.stringify(manifest, null, 2));
  for (const [path, text] of Object.entries({ 'main.js': spec.main, ...spec.files })) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}
