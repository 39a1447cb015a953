/**
 * Opening the home from a command: the passphrase comes from NOCTEM_PASSPHRASE, else a
 * prompt on a TTY. The home is always closed (and the audit log sealed) afterwards.
 */
import { createNoctem, openNoctem, type Noctem, type PassphraseSource } from '../daemon/index.ts';
import type { CommandContext } from './command.ts';

/** The passphrase source for `context`: the environment, else a hidden prompt on a TTY. */
export function passphraseSource(context: CommandContext): PassphraseSource {
  return async () => {
    const fromEnv = context.env['NOCTEM_PASSPHRASE'];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    if (!context.isTty) return undefined;
    return context.prompt('Passphrase: ', { secret: true });
  };
}

/** Opens the home, runs `fn`, and closes the home even when `fn` throws. */
export async function withNoctem<T>(context: CommandContext, fn: (noctem: Noctem) => Promise<T> | T): Promise<T> {
  const noctem = await openNoctem(context.homeRoot, { clock: context.clock, passphrase: passphraseSource(context) });
  let result: T;
  try {
    result = await fn(noctem);
  } catch (error) {
    // The command's own error is the one to report; a failure to seal or close after it
    // would only hide it (the store's transactions already kept the home consistent).
    await noctem.close().catch(() => undefined);
    throw error;
  }
  await noctem.close();
  return result;
}

/** Creates a home (for `init` and `up`), with the passphrase when one is given. */
export async function createHome(context: CommandContext, options: { name: string; encryptWith?: string }): Promise<Noctem> {
  return createNoctem(context.homeRoot, {
    clock: context.clock,
    name: options.name,
    ...(options.encryptWith === undefined ? {} : { encryptWith: options.encryptWith }),
  });
}
