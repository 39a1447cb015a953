/**
 * Reads the skills policy file `<home>/policy.json` (skill-policy.ts) from disk: a missing
 * file is the empty policy; anything else that is not a regular file of at most
 * `limits.policyBytesMax` bytes holding a valid policy is refused. Read fresh on every
 * lookup, so an edit by the person takes effect at the next request.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { NoctemError, limits } from '../core/index.ts';
import { emptySkillPolicy, parseSkillPolicy, skillPolicyFileName, type SkillPolicy } from './skill-policy.ts';

/**
 * Reads and validates the policy of the home at `homeRoot`.
 * @param homeRoot - the home folder (which holds `noctem.json`)
 * @returns the policy, or {@link emptySkillPolicy} when there is no `policy.json`
 * @throws {NoctemError} POLICY_INVALID when the file is not a regular file, is larger than
 *   `limits.policyBytesMax`, cannot be read, or is not a valid policy (`details.field`)
 */
export async function readSkillPolicy(homeRoot: string): Promise<SkillPolicy> {
  const path = join(homeRoot, skillPolicyFileName);
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO put there must not hang the skill run waiting for a writer.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptySkillPolicy;
    throw unreadable(path, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw invalidFile(path, 'is not a regular file');
    // Read one byte past the cap, so a file that grew after stat is still caught.
    const buffer = Buffer.alloc(Math.min(stats.size, limits.policyBytesMax) + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > limits.policyBytesMax) throw invalidFile(path, `is larger than ${limits.policyBytesMax} bytes`);
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer.subarray(0, filled));
    return parseSkillPolicy(text);
  } catch (error) {
    if (error instanceof NoctemError) throw error;
    throw unreadable(path, error);
  } finally {
    await handle.close();
  }
}

function invalidFile(path: string, problem: string): NoctemError {
  return new NoctemError('POLICY_INVALID', `The skills policy "${path}" ${problem}`, { details: { field: '$' } });
}

function unreadable(path: string, cause: unknown): NoctemError {
  return new NoctemError('POLICY_INVALID', `Cannot read the skills policy "${path}": ${(cause as Error).message}`, { details: { field: '$' }, cause });
}
