/**
 * The composition root (STYLE.md "Pure core and I/O"): the only place adapters are built.
 * The CLI, tests and (later) the API and MCP server all open a home through
 * {@link openNoctem} or create one through {@link createNoctem}.
 */
import { randomBytes } from 'node:crypto';
import { NoctemError, systemClock, type Clock } from '../core/index.ts';
import { CredentialService, IdentityService, ProfileService, openFsKeyVault } from '../identity/index.ts';
import { AuditLog, createPassphraseKeys, unlockPassphraseKeys, type PassphraseKeys } from '../security/index.ts';
import {
  discardPartialHome,
  homePaths,
  newHomeConfig,
  openLmdbHomeStore,
  prepareHomeFolders,
  readHomeConfig,
  writeHomeConfig,
  type HomeConfig,
  type HomePaths,
  type HomeStore,
} from '../store/index.ts';
import { identityTreeHeadSigner } from './tree-head-signer.ts';

/** An open home and its services. */
export interface Noctem {
  readonly paths: HomePaths;
  readonly config: HomeConfig;
  readonly store: HomeStore;
  readonly clock: Clock;
  readonly identity: IdentityService;
  readonly credentials: CredentialService;
  readonly profile: ProfileService;
  readonly audit: AuditLog;
  /** Seals the audit log (hybrid-signed head) when this session appended, and closes the store. */
  close(): Promise<void>;
}

/** How to get the passphrase of an encrypted home, called only when one is needed. */
export type PassphraseSource = () => Promise<string | undefined>;

/** Options for {@link openNoctem}. */
export interface OpenNoctemOptions {
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default no passphrase (an encrypted home then fails with IDENTITY_PASSPHRASE_REQUIRED) */
  readonly passphrase?: PassphraseSource;
}

/** Options for {@link createNoctem}. */
export interface CreateNoctemOptions extends OpenNoctemOptions {
  /** The person's (or instance's) name. @default 'Noctem' */
  readonly name?: string;
  /** Encrypt at rest with this passphrase. @default undefined (plain) */
  readonly encryptWith?: string;
}

/**
 * Creates a home at `root`: folders, config, store, identity (genesis, living and next
 * keys, inception event) and the first audit entry.
 * @throws {NoctemError} HOME_EXISTS when `root` already holds a home
 */
export async function createNoctem(root: string, options: CreateNoctemOptions = {}): Promise<Noctem> {
  const paths = homePaths(root);
  const clock = options.clock ?? systemClock;
  const release = await prepareHomeFolders(paths);
  try {
    const derived = options.encryptWith === undefined ? undefined : createPassphraseKeys(options.encryptWith);
    const config = newHomeConfig({
      name: options.name ?? 'Noctem',
      createdAtMs: clock.nowMs(),
      projectionSeed: randomBytes(32).toString('hex'),
      encryption: derived?.kdf ?? null,
    });
    const noctem = await assemble(paths, config, clock, derived?.keys, false);
    try {
      const identity = noctem.identity.create(config.name);
      noctem.audit.append({ actor: 'person', action: 'home.init', details: { name: config.name, did: identity.did, encrypted: derived !== undefined } });
      // noctem.json is written last and exclusively: it is the commit point of init.
      await writeHomeConfig(paths, config, true);
    } catch (error) {
      await noctem.store.close();
      await discardPartialHome(paths);
      throw error;
    }
    return noctem;
  } finally {
    await release();
  }
}

/**
 * Opens the home at `root`.
 * @throws {NoctemError} HOME_NOT_FOUND, HOME_VERSION_UNSUPPORTED, IDENTITY_PASSPHRASE_WRONG
 */
export async function openNoctem(root: string, options: OpenNoctemOptions = {}): Promise<Noctem> {
  const paths = homePaths(root);
  const config = await readHomeConfig(paths);
  let keys: PassphraseKeys | undefined;
  if (config.encryption !== null) {
    const passphrase = await options.passphrase?.();
    if (passphrase === undefined || passphrase === '') {
      throw new NoctemError('IDENTITY_PASSPHRASE_REQUIRED', `The home at "${root}" is encrypted`);
    }
    keys = unlockPassphraseKeys(passphrase, config.encryption);
  }
  return assemble(paths, config, options.clock ?? systemClock, keys, true);
}

async function assemble(
  paths: HomePaths,
  config: HomeConfig,
  clock: Clock,
  keys: PassphraseKeys | undefined,
  storeMustExist: boolean,
): Promise<Noctem> {
  // Opening an existing home never creates its store: a missing data.mdb is damage to report.
  const storeOptions = { mustExist: storeMustExist, ...(keys === undefined ? {} : { encryptionKey: keys.storeKey }) };
  const store = openLmdbHomeStore(paths.store, storeOptions);
  const vault = openFsKeyVault(paths.keys, keys === undefined ? {} : { sealingKey: keys.sealKey });
  const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
  const identity = new IdentityService({ store, vault, clock, randomBytes: random });
  const credentials = new CredentialService(identity, { clock, randomBytes: random });
  const profile = new ProfileService(store, clock);
  const audit = new AuditLog(store, identityTreeHeadSigner(identity), clock);
  let closed = false;
  return {
    paths,
    config,
    store,
    clock,
    identity,
    credentials,
    profile,
    audit,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        // Only after appends: a read-only session must not need the living secret to close.
        if (audit.appendedSinceSeal) audit.seal();
      } finally {
        await store.close();
      }
    },
  };
}
