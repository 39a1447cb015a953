/**
 * A real Ed25519 tree-head signer standing for the identity in security-layer tests, which
 * sit below the identity layer: key sequence `living` signs, and a head is checked with the
 * key of the sequence it names; setting `living` stands for a rotation.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import type { TreeHeadSignature, TreeHeadSigner } from '../../src/security/index.ts';

/** A signer whose living key sequence a test may move. */
export interface TestTreeHeadSigner extends TreeHeadSigner {
  /** The key sequence that signs now (0, 1 or 2). */
  living: number;
}

/** Makes a signer with three fixed keys, the first living. */
export function ed25519TreeHeadSigner(): TestTreeHeadSigner {
  const keys = [new Uint8Array(32).fill(3), new Uint8Array(32).fill(4), new Uint8Array(32).fill(5)];
  const signer: TestTreeHeadSigner = {
    living: 0,
    sign: (message, sealing): TreeHeadSignature => ({
      keySequence: signer.living,
      ed25519: Buffer.from(ed25519.sign(message, keys[signer.living]!)).toString('base64'),
      // A stand-in for the SLH-DSA half: these tests are about which heads exist, not about SLH-DSA.
      ...(sealing ? { slhDsa: 'c2VhbGVk' } : {}),
    }),
    verify: (message, signature) => {
      const key = keys[signature.keySequence];
      return key !== undefined && ed25519.verify(Buffer.from(signature.ed25519, 'base64'), message, ed25519.getPublicKey(key));
    },
    livingKeySequence: () => signer.living,
  };
  return signer;
}
