/**
 * `noctem identity credential issue|verify`: W3C VC 2.0 with eddsa-jcs-2022 proofs.
 */
import { readFileSync, statSync } from 'node:fs';
import { NoctemError, limits } from '../../core/index.ts';
import type { CredentialVerification } from '../../identity/index.ts';
import { writeFileAtomic } from '../../store/index.ts';
import { defineCommand, type FlagValues } from '../command.ts';
import { withNoctem } from '../open-home.ts';
import { absolute } from '../paths.ts';

interface IssueInput {
  readonly subject: string;
  readonly claims: Record<string, string>;
  readonly types: string[];
  readonly out: string;
}

/** `identity credential issue --subject DID --claim k=v ... --out FILE`. */
export const credentialIssueCommand = defineCommand<IssueInput, { path: string; id: string; issuer: string }>({
  name: 'identity credential issue',
  summary: 'Issue a verifiable credential about a subject',
  usage: '--subject DID --claim KEY=VALUE ... [--type TYPE] --out FILE',
  options: {
    subject: { type: 'string' },
    claim: { type: 'string', multiple: true },
    type: { type: 'string', multiple: true },
    out: { type: 'string' },
  },
  parse(values: FlagValues): IssueInput {
    const subject = values['subject'];
    const out = values['out'];
    if (typeof subject !== 'string' || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(subject)) {
      throw new NoctemError('USAGE', '--subject must be a DID or URI, e.g. did:key:z6Mk…');
    }
    if (typeof out !== 'string' || out === '') throw new NoctemError('USAGE', '--out FILE is required');
    const raw = (values['claim'] ?? []) as string[];
    if (raw.length > limits.credentialClaimsMax) throw new NoctemError('USAGE', `At most ${limits.credentialClaimsMax} claims`);
    const claims: Record<string, string> = {};
    for (const pair of raw) {
      const eq = pair.indexOf('=');
      const key = pair.slice(0, eq);
      if (eq <= 0 || key === 'id' || !/^[A-Za-z_][\w.-]*$/.test(key)) {
        throw new NoctemError('USAGE', `--claim "${pair}" must be KEY=VALUE with a plain key other than "id"`);
      }
      claims[key] = pair.slice(eq + 1);
    }
    return { subject, claims, types: ((values['type'] ?? []) as string[]), out };
  },
  run: (input, context) =>
    withNoctem(context, async (noctem) => {
      const credential = noctem.credentials.issue({ types: input.types, credentialSubject: { id: input.subject, ...input.claims } });
      const path = absolute(input.out, context);
      await writeFileAtomic(path, `${JSON.stringify(credential, null, 2)}\n`, true);
      noctem.audit.append({ actor: 'person', action: 'credential.issue', details: { id: credential['id'], subject: input.subject, path } });
      return { path, id: String(credential['id']), issuer: String(credential['issuer']) };
    }),
  renderText: (o) => `Issued ${o.id} by ${o.issuer}\nWrote ${o.path}`,
});

interface VerifyInput {
  readonly file: string;
  readonly allowUnbound: boolean;
}

/** `identity credential verify FILE [--allow-unbound]`: exit 1 when invalid. */
export const credentialVerifyCommand = defineCommand<VerifyInput, CredentialVerification>({
  name: 'identity credential verify',
  summary: 'Verify a verifiable credential file',
  usage: 'FILE [--allow-unbound]   (--allow-unbound: accept a valid proof whose key nothing ties to the issuer)',
  options: { 'allow-unbound': { type: 'boolean', default: false } },
  positionals: true,
  parse(values: FlagValues, positionals): VerifyInput {
    if (positionals.length !== 1 || positionals[0] === undefined) throw new NoctemError('USAGE', 'Give exactly one credential FILE');
    return { file: positionals[0], allowUnbound: values['allow-unbound'] === true };
  },
  run: (input, context) =>
    withNoctem(context, (noctem) =>
      // Without --allow-unbound the signing key must speak for the issuer (same DID, or our
      // own key event log); with it, a third party's credential whose issuer is, say, an
      // https URL verifies on its proof alone and reports issuerBinding "none".
      noctem.credentials.verify(readCredential(absolute(input.file, context)), input.allowUnbound ? { requireIssuerBinding: false } : {}),
    ),
  renderText: (o) =>
    o.valid
      ? `The credential is valid.\n  issuer: ${o.issuer}\n  key:    ${o.verificationMethod}\n  issuer binding: ${o.issuerBinding}`
      : `The credential is NOT valid: ${o.reason ?? 'unknown'}${o.message ? ` (${o.message})` : ''}`,
  exitCode: (o) => (o.valid ? 0 : 1),
});

function readCredential(path: string): unknown {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (cause) {
    throw new NoctemError('FILE_NOT_FOUND', `Cannot read "${path}"`, { cause });
  }
  if (size > limits.credentialSizeBytesMax) {
    throw new NoctemError('FILE_TOO_LARGE', `"${path}" is ${size} bytes; credentials are at most ${limits.credentialSizeBytesMax}`);
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (cause) {
    throw new NoctemError('CREDENTIAL_INVALID', `"${path}" is not valid JSON`, { cause });
  }
}
