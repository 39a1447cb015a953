/**
 * The device-membership credential: "Noctem instance X belongs to person Y". The person's
 * identity (Y, the issuer) vouches for an instance (X, the subject), so the person's other
 * instances accept X as a sync peer. It is a plain VC 2.0 credential; its terms fall under
 * the VC 2.0 context's issuer-dependent vocabulary, so no extra JSON-LD context is needed.
 */
import { NoctemError, type Did } from '../core/index.ts';
import { buildCredential, type UnsignedCredential } from './credential.ts';

/** The credential type. */
export const deviceMembershipType = 'DeviceMembershipCredential';

/** What a device-membership credential says. */
export interface DeviceMembershipInput {
  /** The person's identity DID: the issuer. */
  readonly personDid: Did;
  /** The instance's identifier (its own DID, or a `urn:uuid:`). */
  readonly instanceId: string;
  /** A human name for the instance ("laptop"). @default undefined */
  readonly instanceName?: string;
  readonly validFromMs: number;
  /** @default undefined (until revoked by rotation of the issuer's keys or replaced) */
  readonly validUntilMs?: number;
  /** The credential id. @default undefined */
  readonly id?: string;
}

/** The membership a verified credential states. */
export interface DeviceMembership {
  readonly personDid: string;
  readonly instanceId: string;
  readonly instanceName: string | undefined;
}

/**
 * Builds an unsecured device-membership credential; secure it with `issueCredential`.
 * @param input - the person, the instance and the validity period
 * @throws {NoctemError} CREDENTIAL_INVALID when the instance id is empty or times are invalid
 */
export function buildDeviceMembershipCredential(input: DeviceMembershipInput): UnsignedCredential {
  if (input.instanceId.length === 0) throw new NoctemError('CREDENTIAL_INVALID', 'The instance id is empty');
  return buildCredential({
    types: [deviceMembershipType],
    issuer: input.personDid,
    name: 'Noctem device membership',
    credentialSubject: {
      id: input.instanceId,
      type: 'NoctemInstance',
      ...(input.instanceName === undefined ? {} : { name: input.instanceName }),
      belongsTo: input.personDid,
    },
    validFromMs: input.validFromMs,
    ...(input.validUntilMs === undefined ? {} : { validUntilMs: input.validUntilMs }),
    ...(input.id === undefined ? {} : { id: input.id }),
  });
}

/**
 * Reads the membership out of a credential that `verifyCredential` accepted.
 * @param credential - a verified credential
 * @returns the membership, or undefined when it is not a consistent device-membership credential
 */
export function readDeviceMembership(credential: unknown): DeviceMembership | undefined {
  if (typeof credential !== 'object' || credential === null) return undefined;
  const record = credential as Record<string, unknown>;
  const type = record['type'];
  const subject = record['credentialSubject'];
  if (!Array.isArray(type) || !type.includes(deviceMembershipType)) return undefined;
  if (typeof subject !== 'object' || subject === null) return undefined;
  const { id, belongsTo, name } = subject as Record<string, unknown>;
  // The issuer must vouch for membership in itself, never in someone else.
  if (typeof id !== 'string' || typeof belongsTo !== 'string' || record['issuer'] !== belongsTo) return undefined;
  return { personDid: belongsTo, instanceId: id, instanceName: typeof name === 'string' ? name : undefined };
}
