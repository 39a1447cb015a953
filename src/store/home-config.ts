/**
 * `noctem.json`: the home's config. Pure parsing and validation; reading and writing the
 * file is `fs-home-files.ts`. Only relative paths live here; the projection seed too.
 */
import { NoctemError } from '../core/index.ts';

/** The home format this build writes and the newest it reads. */
export const homeFormatVersion = 1;

/** Parameters of the scrypt key derivation for an encrypted home. */
export interface KdfParams {
  readonly kdf: 'scrypt';
  /** CPU/memory cost (power of two). */
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelism: number;
  /** base64 salt, 16 bytes. */
  readonly salt: string;
  /** base64 HMAC proving a passphrase is right without decrypting anything. */
  readonly check: string;
}

/** The parsed config. */
export interface HomeConfig {
  readonly format: 'noctem-home';
  readonly version: number;
  readonly name: string;
  readonly createdAt: string;
  /** Hex seed of the JL projection (D1): 32 bytes. */
  readonly projectionSeed: string;
  /** Present when the home is encrypted at rest. */
  readonly encryption: KdfParams | null;
  /** Other sections later issues add (embedder, llm, recall weights, ...). */
  readonly [section: string]: unknown;
}

/** Options for {@link newHomeConfig}. */
export interface NewHomeConfigOptions {
  readonly name: string;
  readonly createdAtMs: number;
  readonly projectionSeed: string;
  /** @default null */
  readonly encryption?: KdfParams | null;
}

/** A fresh config for `init`. */
export function newHomeConfig(options: NewHomeConfigOptions): HomeConfig {
  return {
    format: 'noctem-home',
    version: homeFormatVersion,
    name: options.name,
    createdAt: new Date(options.createdAtMs).toISOString(),
    projectionSeed: options.projectionSeed,
    encryption: options.encryption ?? null,
  };
}

/**
 * Parses and validates `noctem.json` text.
 * @param text - the file's contents
 * @param where - the file path, for messages
 * @throws {NoctemError} HOME_CONFIG_INVALID when it is not a Noctem config
 * @throws {NoctemError} HOME_VERSION_UNSUPPORTED when a newer Noctem wrote it
 */
export function parseHomeConfig(text: string, where: string): HomeConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new NoctemError('HOME_CONFIG_INVALID', `Cannot read "${where}": it is not valid JSON`, { cause });
  }
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== 'noctem-home') {
    throw new NoctemError('HOME_CONFIG_INVALID', `Cannot read "${where}": it is not a Noctem home config`);
  }
  const config = value as Record<string, unknown>;
  const version = config['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new NoctemError('HOME_CONFIG_INVALID', `Cannot read "${where}": "version" must be a positive integer`);
  }
  if (version > homeFormatVersion) {
    throw new NoctemError(
      'HOME_VERSION_UNSUPPORTED',
      `Cannot open "${where}": it has version ${version}, this build reads up to ${homeFormatVersion}`,
      { details: { version, supported: homeFormatVersion } },
    );
  }
  requireString(config, 'name', where);
  requireString(config, 'createdAt', where);
  if (!/^[0-9a-f]{64}$/.test(String(config['projectionSeed']))) {
    throw new NoctemError('HOME_CONFIG_INVALID', `Cannot read "${where}": "projectionSeed" must be 64 hex digits`);
  }
  checkEncryption(config['encryption'], where);
  return config as unknown as HomeConfig;
}

function requireString(config: Record<string, unknown>, field: string, where: string): void {
  if (typeof config[field] !== 'string') {
    throw new NoctemError('HOME_CONFIG_INVALID', `Cannot read "${where}": "${field}" must be a string`);
  }
}

function checkEncryption(value: unknown, where: string): void {
  if (value === null || value === undefined) return;
  const e = value as Record<string, unknown>;
  const ok =
    e['kdf'] === 'scrypt' &&
    Number.isInteger(e['cost']) &&
    Number.isInteger(e['blockSize']) &&
    Number.isInteger(e['parallelism']) &&
    typeof e['salt'] === 'string' &&
    typeof e['check'] === 'string';
  if (!ok) throw new NoctemError('HOME_CONFIG_INVALID', `Cannot read "${where}": "encryption" is malformed`);
}
