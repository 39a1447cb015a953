/**
 * Bridges the identity to the audit log's `TreeHeadSigner` port: tree heads are signed by
 * the living key (Ed25519 always, hybrid when sealing) and verified with the key the
 * home's own key event log made living at the sequence the head names, so heads signed
 * before a rotation stay valid. Which key may sign which head is the audit log's ordering
 * rule (key sequences never decrease along the log), not wall time: a process appending
 * while another signs a rotation writes heads by the outgoing key dated after the
 * rotation's time, and those heads are genuine.
 */
import { hybridPublicKeyFromJson, verifyEd25519, verifyHybrid, type IdentityService } from '../identity/index.ts';
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
    livingKeySequence: () => identity.keyState().living.establishedSequence,
    verify(message, signature): boolean {
      const record = identity.keyState().history.find((key) => key.establishedSequence === signature.keySequence);
      if (record === undefined) return false;
      const publicKey = hybridPublicKeyFromJson(record.publicKey);
      const ed25519 = Buffer.from(signature.ed25519, 'base64');
      if (signature.slhDsa === undefined) return verifyEd25519(message, ed25519, publicKey.ed25519);
      return verifyHybrid(message, { ed25519, slhDsa: Buffer.from(signature.slhDsa, 'base64') }, publicKey).valid;
    },
  };
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
