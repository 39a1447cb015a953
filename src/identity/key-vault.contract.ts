/**
 * The contract every {@link KeyVault} implementation passes, on real resources
 * (STYLE.md "Contracts and fakes"). `fs-key-vault.test.ts` runs it plain and sealed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { KeyId } from '../core/index.ts';
import { sha256Multihash } from './digest.ts';
import { hybridLengths } from './hybrid-signature.ts';
import type { KeyringEntry, KeyVault } from './key-vault.ts';

/** A fresh vault and a scratch folder for export files. */
export interface KeyVaultFixture {
  readonly vault: KeyVault;
  readonly scratchDir: string;
  cleanup(): Promise<void>;
}

/**
 * A keyring entry whose id and seed derive from `n` (the id is not the seed's real key id:
 * vaults store, they do not derive).
 * @param n - a small number
 */
export function sampleKeyringEntry(n: number): KeyringEntry {
  return {
    keyId: sha256Multihash(Uint8Array.of(n)) as KeyId,
    seed: new Uint8Array(hybridLengths.hybridSeedBytes).fill(n),
    createdMs: 1_700_000_000_000 + n,
  };
}

/**
 * Registers the contract's tests under `name`.
 * @param name - the implementation's name
 * @param setup - makes a fresh, empty vault
 */
export function runKeyVaultContract(name: string, setup: () => Promise<KeyVaultFixture>): void {
  describe(`KeyVault contract: ${name}`, () => {
    let fixture: KeyVaultFixture;
    beforeEach(async () => {
      fixture = await setup();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('list() of a new vault is empty', () => {
      expect(fixture.vault.list()).toEqual([]);
    });

    it('add() makes a secret readable by get()', () => {
      fixture.vault.add([sampleKeyringEntry(1)]);
      expect(fixture.vault.get(sampleKeyringEntry(1).keyId)).toEqual(sampleKeyringEntry(1));
    });

    it('add() keeps the secrets already there', () => {
      fixture.vault.add([sampleKeyringEntry(1)]);
      fixture.vault.add([sampleKeyringEntry(2), sampleKeyringEntry(3)]);
      expect(fixture.vault.list().map((entry) => entry.createdMs).sort()).toEqual([1, 2, 3].map((n) => sampleKeyringEntry(n).createdMs));
    });

    it('add() of a present secret does nothing', () => {
      fixture.vault.add([sampleKeyringEntry(1)]);
      fixture.vault.add([sampleKeyringEntry(1)]);
      expect(fixture.vault.list()).toHaveLength(1);
    });

    it('add() refuses another secret under a present key id', () => {
      fixture.vault.add([sampleKeyringEntry(1)]);
      const clash = { ...sampleKeyringEntry(2), keyId: sampleKeyringEntry(1).keyId };
      expect(() => fixture.vault.add([clash])).toThrow(expect.objectContaining({ code: 'IDENTITY_KEYS_CORRUPT' }));
      expect(fixture.vault.get(clash.keyId)).toEqual(sampleKeyringEntry(1));
    });

    it('remove() removes only the named secrets and ignores absent ones', () => {
      fixture.vault.add([sampleKeyringEntry(1), sampleKeyringEntry(2)]);
      fixture.vault.remove([sampleKeyringEntry(1).keyId, sampleKeyringEntry(9).keyId]);
      expect(fixture.vault.list()).toEqual([sampleKeyringEntry(2)]);
    });

    it('writeExportFile() writes a new file that readExportFile() reads back', () => {
      const path = join(fixture.scratchDir, 'genesis.json');
      fixture.vault.writeExportFile(path, '{"secret":1}\n');
      expect(fixture.vault.readExportFile(path)).toBe('{"secret":1}\n');
    });

    it('writeExportFile() refuses to overwrite a file with FILE_EXISTS', () => {
      const path = join(fixture.scratchDir, 'genesis.json');
      fixture.vault.writeExportFile(path, 'first');
      expect(() => fixture.vault.writeExportFile(path, 'second')).toThrow(expect.objectContaining({ code: 'FILE_EXISTS' }));
      expect(fixture.vault.readExportFile(path)).toBe('first');
    });

    it('readExportFile() reports a missing file with FILE_NOT_FOUND', () => {
      expect(() => fixture.vault.readExportFile(join(fixture.scratchDir, 'absent.json'))).toThrow(
        expect.objectContaining({ code: 'FILE_NOT_FOUND' }),
      );
    });
  });
}
