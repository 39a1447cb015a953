/**
 * Bridges the identity to the audit log's `TreeHeadSigner` port: tree heads are signed by
 * the living key (Ed25519 always, hybrid when sealing) and verified against the home's
 * own key event log at the head's time, so heads signed before a rotation stay valid.
 */
import type { IdentityService } from '../identity/index.ts';
import type { TreeHeadSignature, TreeHeadSigner } from '../security/index.ts';

/** The tree head signer of `identity`. */
export function identityTreeHeadSigner(identity: IdentityService): TreeHeadSigner {
  return {
    sign(message, sealing): TreeHeadSignature {
      const signer = identity.livingSigner();
      if (!sealing) return { keySequence: signer.sequence, ed25519: base64(signer.signEd25519(message)) };
      const hybrid = signer.signHybrid(message);
      return { keySequence: signer.sequence, ed25519: base64(hybrid.ed25519), slhDsa: base64(hybrid.slhDsa) };
    },
    verify(message, signature, timeMs): boolean {
      const ed25519 = Buffer.from(signature.ed25519, 'base64');
      const decoded = signature.slhDsa === undefined
        ? { ed25519 }
        : { ed25519, slhDsa: Buffer.from(signature.slhDsa, 'base64') };
      const verdict = identity.verifyOwn({ message, signature: decoded, keySequence: signature.keySequence, atTimeMs: timeMs });
      return verdict.valid;
    },
  };
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
