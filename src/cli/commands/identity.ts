/**
 * `noctem identity show | rotate | export-genesis`.
 */
import { NoctemError } from '../../core/index.ts';
import type { IdentitySummary, RotationResult } from '../../identity/index.ts';
import { defineCommand, type FlagValues } from '../command.ts';
import { absolute } from '../paths.ts';
import { withNoctem } from '../open-home.ts';

/** `identity show`: the DID, key sequence, living key and chain validity. */
export const identityShowCommand = defineCommand<Record<string, never>, IdentitySummary & { didDocument: unknown }>({
  name: 'identity show',
  summary: 'Show the identity: DID, key sequence, signing key, chain validity',
  usage: '',
  options: {},
  parse: () => ({}),
  run: (_input, context) =>
    withNoctem(context, (noctem) => ({ ...noctem.identity.show(), didDocument: noctem.identity.didDocument() })),
  renderText: (o) =>
    [
      `did:          ${o.did}`,
      `name:         ${o.name ?? '(no profile)'}`,
      `sequence:     ${o.sequence}`,
      `signing key:  ${o.signingKey.keyId} (${o.signingKey.didKey})`,
      `next key:     committed ${o.nextKeyCommitment}${o.nextKeyPresent ? '' : ' (secret missing)'}`,
      `genesis:      ${o.genesisPresent ? 'present in this home' : 'offline (exported)'}`,
      `chain:        ${o.chainValid ? 'valid' : `INVALID: ${o.chainFailure?.message ?? ''}`}`,
      `revoked keys: ${o.revokedKeys.length}`,
      `keys sealed:  ${o.keysSealed ? 'yes (passphrase)' : 'no'}`,
    ].join('\n'),
  exitCode: (o) => (o.chainValid ? 0 : 1),
});

interface RotateInput {
  readonly compromised: boolean;
}

/** `identity rotate`: promotes the pre-committed next key (Living Will transition). */
export const identityRotateCommand = defineCommand<RotateInput, RotationResult>({
  name: 'identity rotate',
  summary: 'Rotate the living key to the pre-committed next key',
  usage: '[--compromised]',
  options: { compromised: { type: 'boolean', default: false } },
  parse: (values: FlagValues) => ({ compromised: values['compromised'] === true }),
  run: (input, context) =>
    withNoctem(context, (noctem) => {
      // Seal the log with the outgoing key first, so every head before the rotation is hybrid-signed by it.
      noctem.audit.seal();
      const now = context.clock.nowMs();
      return noctem.identity.rotate({
        ...(input.compromised ? { reason: 'compromise' as const, compromisedSinceMs: now } : {}),
        inTransaction: (writer, result) =>
          noctem.audit.appendInTransaction(writer, [
            { actor: 'person', action: 'identity.rotate', details: { ...result } },
          ]),
      });
    }),
  renderText: (o) =>
    `Rotated to key sequence ${o.sequence}.\n  living key:  ${o.livingKeyId}\n  revoked key: ${o.revokedKeyId} at ${new Date(o.revokedAtMs).toISOString()}\n  next key commitment: ${o.nextKeyCommitment}`,
});

interface ExportInput {
  readonly out: string;
  readonly remove: boolean;
}

/** `identity export-genesis --out FILE [--remove]`: offline genesis. */
export const identityExportGenesisCommand = defineCommand<ExportInput, { path: string; did: string; keyId: string; removed: boolean }>({
  name: 'identity export-genesis',
  summary: 'Write the genesis secret to a file (and optionally remove it from the home)',
  usage: '--out FILE [--remove]',
  options: { out: { type: 'string' }, remove: { type: 'boolean', default: false } },
  parse(values: FlagValues): ExportInput {
    const out = values['out'];
    if (typeof out !== 'string' || out === '') throw new NoctemError('USAGE', '--out FILE is required');
    return { out, remove: values['remove'] === true };
  },
  run: (input, context) =>
    withNoctem(context, (noctem) => {
      const result = noctem.identity.exportGenesis(absolute(input.out, context), { remove: input.remove });
      noctem.audit.append({ actor: 'person', action: 'identity.export-genesis', details: { path: result.path, removed: result.removed } });
      return result;
    }),
  renderText: (o) =>
    `Wrote the genesis secret of ${o.did} to ${o.path}.${o.removed ? '\nIt was removed from this home: keep the file offline.' : ''}`,
});
