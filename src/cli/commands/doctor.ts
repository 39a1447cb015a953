/**
 * `noctem doctor`: Node version, the home, store health, chain validity (key event log
 * and audit log) and the sandbox tiers this machine offers. Works without a home.
 */
import { isNoctemError } from '../../core/index.ts';
import { sandboxMakers } from '../../daemon/index.ts';
import { probeSandboxTiers, type SandboxTierProbe } from '../../security/index.ts';
import { defineCommand } from '../command.ts';
import { withNoctem } from '../open-home.ts';

const nodeVersionMin = [20, 19] as const;

interface DoctorOutput {
  readonly ok: boolean;
  readonly node: { readonly version: string; readonly ok: boolean };
  readonly home: { readonly path: string; readonly ok: boolean; readonly error?: string; readonly encrypted?: boolean };
  readonly store?: { readonly ok: boolean; readonly entries: Record<string, number>; readonly mapSizeBytes: number };
  readonly identity?: { readonly did: string; readonly sequence: number; readonly chainValid: boolean; readonly genesisPresent: boolean };
  readonly audit?: { readonly valid: boolean; readonly entries: number; readonly error?: string };
  readonly sandbox: readonly SandboxTierProbe[];
}

/** The `doctor` command. */
export const doctorCommand = defineCommand<Record<string, never>, DoctorOutput>({
  name: 'doctor',
  summary: 'Check Node, the home, the store, the chains and the sandbox tiers',
  usage: '',
  options: {},
  parse: () => ({}),
  async run(_input, context): Promise<DoctorOutput> {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    const nodeOk = major > nodeVersionMin[0] || (major === nodeVersionMin[0] && minor >= nodeVersionMin[1]);
    const node = { version: process.versions.node, ok: nodeOk };
    const sandbox = await probeSandboxTiers(sandboxMakers);
    try {
      return await withNoctem(context, (noctem) => {
        const stats = noctem.store.stats();
        const shown = noctem.identity.show();
        const audit = noctem.audit.verify();
        const identity = { did: shown.did, sequence: shown.sequence, chainValid: shown.chainValid, genesisPresent: shown.genesisPresent };
        const ok = nodeOk && identity.chainValid && audit.valid;
        return {
          ok,
          node,
          home: { path: noctem.paths.root, ok: true, encrypted: stats.encrypted },
          store: { ok: true, entries: { ...stats.entries }, mapSizeBytes: stats.mapSizeBytes },
          identity,
          audit: { valid: audit.valid, entries: audit.entries, ...(audit.error ? { error: audit.error.reason } : {}) },
          sandbox,
        };
      });
    } catch (error) {
      if (!isNoctemError(error)) throw error;
      const home = { path: context.homeRoot, ok: false, error: `${error.code}: ${error.message}` };
      return { ok: false, node, home, sandbox };
    }
  },
  renderText: renderDoctor,
  exitCode: (o) => (o.ok ? 0 : 1),
});

function renderDoctor(o: DoctorOutput): string {
  const mark = (ok: boolean): string => (ok ? 'ok  ' : 'FAIL');
  const lines = [`${mark(o.node.ok)} node ${o.node.version} (needs >= ${nodeVersionMin.join('.')})`];
  lines.push(`${mark(o.home.ok)} home ${o.home.path}${o.home.error ? `: ${o.home.error}` : o.home.encrypted ? ' (encrypted)' : ''}`);
  if (o.store) {
    const total = Object.values(o.store.entries).reduce((a, b) => a + b, 0);
    lines.push(`${mark(o.store.ok)} store: ${total} records, map ${(o.store.mapSizeBytes / 2 ** 20).toFixed(0)} MiB`);
  }
  if (o.identity) lines.push(`${mark(o.identity.chainValid)} identity ${o.identity.did} (key sequence ${o.identity.sequence}, genesis ${o.identity.genesisPresent ? 'present' : 'offline'})`);
  if (o.audit) lines.push(`${mark(o.audit.valid)} audit log: ${o.audit.entries} entries${o.audit.error ? ` (${o.audit.error})` : ''}`);
  for (const tier of o.sandbox) lines.push(`${tier.available ? 'yes ' : 'no  '} sandbox ${tier.tier}: ${tier.detail}`);
  return lines.join('\n');
}
