/**
 * The daemon's nap hook: runs nap-service.ts's runNap with this process's metabolic locks and
 * the memory, opened on the first nap (opening the embedder costs about a second, and an idle
 * daemon may never nap).
 */
import { MetabolicLocks } from '../autonomy/index.ts';
import type { Noctem } from './compose.ts';
import type { NapHook } from './daemon-loop.ts';
import type { Memory } from './memory.ts';
import { runNap } from './nap-service.ts';

/** Options of {@link napServiceHook}. */
export interface NapServiceHookOptions {
  /** The process's locks (shared with its ingestion). @default new locks */
  readonly locks?: MetabolicLocks;
  /** The passphrase of an encrypted home (the nap's checkpoint is encrypted). @default undefined */
  readonly passphrase?: string;
}

/**
 * A nap hook over runNap.
 * @param noctem - the open home
 * @param memory - the memory services, or how to open them on the first nap
 * @param options - locks and passphrase
 */
export function napServiceHook(noctem: Noctem, memory: () => Promise<Pick<Memory, 'index'>>, options: NapServiceHookOptions = {}): NapHook {
  const locks = options.locks ?? new MetabolicLocks();
  let opened: Promise<Pick<Memory, 'index'>> | undefined;
  return async ({ trigger, drives }) => {
    opened ??= memory();
    const services = await opened;
    await runNap(noctem, services, { locks, drives, trigger, ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }) });
  };
}
