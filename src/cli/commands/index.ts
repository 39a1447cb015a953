/**
 * The static registry of CLI commands; help is generated from it.
 */
import type { Command } from '../command.ts';
import { auditListCommand, auditVerifyCommand } from './audit.ts';
import { doctorCommand } from './doctor.ts';
import { initCommand } from './init.ts';

/** Every command, in help order. */
export const commands: readonly Command[] = [initCommand, doctorCommand, auditListCommand, auditVerifyCommand];
