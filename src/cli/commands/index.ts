/**
 * The static registry of CLI commands; help is generated from it.
 */
import type { Command } from '../command.ts';
import { auditListCommand, auditVerifyCommand } from './audit.ts';
import { credentialIssueCommand, credentialVerifyCommand } from './credential.ts';
import { doctorCommand } from './doctor.ts';
import { identityExportGenesisCommand, identityRotateCommand, identityShowCommand } from './identity.ts';
import { initCommand } from './init.ts';
import { profileCommand } from './profile.ts';

/** Every command, in help order. */
export const commands: readonly Command[] = [
  initCommand,
  doctorCommand,
  identityShowCommand,
  identityRotateCommand,
  identityExportGenesisCommand,
  credentialIssueCommand,
  credentialVerifyCommand,
  profileCommand,
  auditListCommand,
  auditVerifyCommand,
];
