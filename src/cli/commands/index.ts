/**
 * The static registry of CLI commands; help is generated from it.
 */
import type { Command } from '../command.ts';
import { auditListCommand, auditVerifyCommand } from './audit.ts';
import { credentialIssueCommand, credentialVerifyCommand } from './credential.ts';
import { daemonCommand } from './daemon.ts';
import { doctorCommand } from './doctor.ts';
import { oracleCommand } from './oracle.ts';
import { identityExportGenesisCommand, identityRotateCommand, identityShowCommand } from './identity.ts';
import { initCommand } from './init.ts';
import { profileCommand } from './profile.ts';
import { propagatorClearCommand, propagatorListCommand } from './propagator.ts';
import { askCommand } from './ask.ts';
import { feedbackCommand } from './feedback.ts';
import { exportGgufCommand } from './gguf-export.ts';
import { importGgufCommand } from './gguf-import.ts';
import { ingestCommand } from './ingest.ts';
import { searchCommand } from './search.ts';
import { statusCommand } from './status.ts';
import { upCommand } from './up.ts';
import { watchCommand } from './watch.ts';
import { checkpointCommand } from './checkpoint.ts';
import { restoreCommand } from './restore.ts';
import { verifyCommand } from './verify.ts';
import { napCommand } from './nap.ts';
import { skillListCommand, skillRemoveCommand, skillRunCommand } from './skill.ts';
import { skillInstallCommand, skillSignCommand } from './skill-install.ts';
import { goalsDismissCommand, goalsDoneCommand, goalsListCommand } from './goals.ts';
import { approvalsDenyCommand, approvalsGrantCommand, approvalsListCommand } from './approvals.ts';
import { killCommand, reviveCommand } from './kill.ts';

/** Every command, in help order. */
export const commands: readonly Command[] = [
  upCommand,
  daemonCommand,
  initCommand,
  doctorCommand,
  oracleCommand,
  statusCommand,
  ingestCommand,
  watchCommand,
  searchCommand,
  askCommand,
  feedbackCommand,
  identityShowCommand,
  identityRotateCommand,
  identityExportGenesisCommand,
  credentialIssueCommand,
  credentialVerifyCommand,
  profileCommand,
  auditListCommand,
  auditVerifyCommand,
  exportGgufCommand,
  importGgufCommand,
  propagatorListCommand,
  propagatorClearCommand,
  checkpointCommand,
  verifyCommand,
  restoreCommand,
  napCommand,
  goalsListCommand,
  goalsDoneCommand,
  goalsDismissCommand,
  skillSignCommand,
  skillInstallCommand,
  skillListCommand,
  skillRunCommand,
  skillRemoveCommand,
  approvalsListCommand,
  approvalsGrantCommand,
  approvalsDenyCommand,
  killCommand,
  reviveCommand,
];
