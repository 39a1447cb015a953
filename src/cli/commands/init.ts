/**
 * `noctem init [--name NAME] [--encrypt]`: creates the home with its identity, and prices
 * work in ATP on this machine by a short benchmark (GAP-012; daemon/metabolic-costs.ts).
 */
import { NoctemError } from '../../core/index.ts';
import { calibrateHomeCosts } from '../../daemon/index.ts';
import { defineCommand, type FlagValues } from '../command.ts';
import { createHome } from '../open-home.ts';

interface InitInput {
  readonly name: string;
  readonly encrypt: boolean;
}

interface InitOutput {
  readonly home: string;
  readonly name: string;
  readonly did: string;
  readonly encrypted: boolean;
}

/** The `init` command. */
export const initCommand = defineCommand<InitInput, InitOutput>({
  name: 'init',
  summary: 'Create a home with a new identity',
  usage: '[--name NAME] [--encrypt]   (NOCTEM_PASSPHRASE set: encrypted at rest)',
  options: { name: { type: 'string' }, encrypt: { type: 'boolean', default: false } },
  parse(values: FlagValues): InitInput {
    const name = typeof values['name'] === 'string' ? values['name'].trim() : 'Noctem';
    if (name === '' || name.length > 200) throw new NoctemError('USAGE', '--name must be 1 to 200 characters');
    return { name, encrypt: values['encrypt'] === true };
  },
  async run(input, context): Promise<InitOutput> {
    const passphrase = await choosePassphrase(input.encrypt, context);
    const noctem = await createHome(context, { name: input.name, ...(passphrase === undefined ? {} : { encryptWith: passphrase }) });
    try {
      calibrateHomeCosts(noctem.store, { calibratedAtMs: noctem.clock.nowMs() });
      return { home: noctem.paths.root, name: input.name, did: noctem.identity.show().did, encrypted: passphrase !== undefined };
    } finally {
      await noctem.close();
    }
  },
  renderText: (o) =>
    `Created a Noctem home at ${o.home}\n  name: ${o.name}\n  did:  ${o.did}\n  encrypted at rest: ${o.encrypted ? 'yes' : 'no'}`,
});

async function choosePassphrase(
  encrypt: boolean,
  context: Parameters<typeof initCommand.run>[1],
): Promise<string | undefined> {
  const fromEnv = context.env['NOCTEM_PASSPHRASE'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!encrypt) return undefined;
  if (!context.isTty) throw new NoctemError('IDENTITY_PASSPHRASE_REQUIRED', '--encrypt needs NOCTEM_PASSPHRASE or a terminal');
  const first = await context.prompt('New passphrase: ', { secret: true });
  const second = await context.prompt('Repeat passphrase: ', { secret: true });
  if (first !== second) throw new NoctemError('USAGE', 'The two passphrases differ');
  if (first.length < 8) throw new NoctemError('USAGE', 'The passphrase must be at least 8 characters');
  return first;
}
