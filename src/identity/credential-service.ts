/**
 * Issuing and verifying credentials as this home's identity: the issuer is the identity's
 * DID, the proof is `eddsa-jcs-2022` by the living key's Ed25519 half, named by its own
 * did:key URL. Verification of our own credentials binds the signing key to our DID
 * through our verified key event log; others' credentials are bound when signed by their
 * DID's own key, or by the key state the caller passes.
 */
import type { Clock } from '../core/index.ts';
import {
  buildCredential,
  credentialIdFromRandom,
  issueCredential,
  verifyCredential,
  type CredentialInput,
  type CredentialVerification,
  type UnsignedCredential,
  type VerifiableCredential,
  type VerifyCredentialOptions,
} from './credential.ts';
import { buildDeviceMembershipCredential, type DeviceMembershipInput } from './device-membership.ts';
import type { RandomBytes } from './hybrid-signature.ts';
import type { IdentityService } from './identity-service.ts';
import { NoctemError } from '../core/index.ts';

/** What {@link CredentialService.issue} needs; issuer, id and validFrom are filled in. */
export type IssueInput = Omit<CredentialInput, 'issuer' | 'validFromMs' | 'id'> & {
  /** @default now */
  readonly validFromMs?: number;
};

/** Issues and verifies credentials for one identity. */
export class CredentialService {
  readonly #identity: IdentityService;
  readonly #clock: Clock;
  readonly #randomBytes: RandomBytes;

  /**
   * @param identity - the home's identity
   * @param ports - clock (issue times) and CSPRNG (credential ids)
   */
  constructor(identity: IdentityService, ports: { readonly clock: Clock; readonly randomBytes: RandomBytes }) {
    this.#identity = identity;
    this.#clock = ports.clock;
    this.#randomBytes = ports.randomBytes;
  }

  /**
   * Issues a credential with our DID as issuer, a fresh `urn:uuid:` id, valid from now.
   * @throws {NoctemError} CREDENTIAL_INVALID; IDENTITY_KEY_MISSING when the living secret is absent
   */
  issue(input: IssueInput): VerifiableCredential {
    const { validFromMs, ...rest } = input;
    const unsigned = buildCredential({
      ...rest,
      issuer: this.#identity.keyState().did,
      id: credentialIdFromRandom(this.#randomBytes(16)),
      validFromMs: validFromMs ?? this.#clock.nowMs(),
    });
    return this.sign(unsigned);
  }

  /**
   * Issues the device-membership credential "instance X belongs to this identity's person".
   * @param input - the instance and, optionally, the validity period
   */
  issueDeviceMembership(input: Omit<DeviceMembershipInput, 'personDid' | 'validFromMs' | 'id'> & { readonly validFromMs?: number }): VerifiableCredential {
    const unsigned = buildDeviceMembershipCredential({
      ...input,
      personDid: this.#identity.keyState().did,
      id: credentialIdFromRandom(this.#randomBytes(16)),
      validFromMs: input.validFromMs ?? this.#clock.nowMs(),
    });
    return this.sign(unsigned);
  }

  /**
   * Secures an unsigned credential whose issuer is our DID.
   * @throws {NoctemError} CREDENTIAL_INVALID when the issuer is someone else
   */
  sign(unsigned: UnsignedCredential): VerifiableCredential {
    const signer = this.#identity.livingSigner();
    if (unsigned.issuer !== signer.did) {
      throw new NoctemError('CREDENTIAL_INVALID', `This identity is ${signer.did} and cannot issue as ${String(unsigned.issuer)}`);
    }
    return issueCredential(unsigned, { sign: signer.signEd25519, verificationMethod: signer.verificationMethod, createdMs: this.#clock.nowMs() });
  }

  /**
   * Verifies a credential; ours are bound through our own key event log.
   * @param credential - untrusted input
   * @param options - see {@link VerifyCredentialOptions}; `keyState` defaults to ours when we are the issuer
   */
  verify(credential: unknown, options: VerifyCredentialOptions = {}): CredentialVerification {
    if (options.keyState !== undefined) return verifyCredential(credential, options);
    const issuer = (credential as { issuer?: unknown } | null)?.issuer;
    const state = this.#identity.keyState();
    const ours = issuer === state.did || (typeof issuer === 'object' && (issuer as { id?: unknown } | null)?.id === state.did);
    return verifyCredential(credential, ours ? { ...options, keyState: state } : options);
  }
}
