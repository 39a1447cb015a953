/**
 * Goal: `noctem kill` engages the switch (the sentinel first, then `kill.engage` in the audit
 * log), keeps the first time when engaged twice, and still succeeds on an encrypted home with
 * no passphrase (`audited: false`); every command that starts work is then refused with
 * KILL_SWITCH_ENGAGED and changes nothing, read-only commands still answer, and `noctem revive`
 * releases the switch (audited `kill.revive`).
 * Method: the in-process CLI on one plain and one encrypted home; "changes nothing" compares
 * SHA-256 fingerprints of every file of the home before and after.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { limits } from '../../core/index.ts';
import { reviveKillSwitch } from '../../daemon/index.ts';
import { homePaths } from '../../store/index.ts';
import { cli } from '../../../test/helpers/cli.ts';
import { fingerprintHome, initHome } from '../../../test/helpers/home.ts';

const passphrase = 'correct horse battery staple';
let dir: string;
let home: string;
let encrypted: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-kill-'));
  [home, encrypted] = await Promise.all([initHome(join(dir, 'home')), initHome(join(dir, 'encrypted'), { env: { NOCTEM_PASSPHRASE: passphrase } })]);
});
beforeEach(async () => {
  await reviveKillSwitch(homePaths(home));
  await reviveKillSwitch(homePaths(encrypted));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const run = (...args: string[]): ReturnType<typeof cli> => cli([...args, '--json', '--home', home]);

async function auditActions(): Promise<{ actor: string; action: string; details: Record<string, unknown> }[]> {
  return (await run('audit')).json<{ entries: { actor: string; action: string; details: Record<string, unknown> }[] }>().entries;
}

test('noctem kill writes the sentinel and audits kill.engage by the person with the reason', async () => {
  const result = await run('kill', '--reason', 'runaway skill');
  expect(result.code).toBe(0);
  expect(result.json()).toEqual({ engaged: true, alreadyEngaged: false, engagedAt: '2026-01-01T00:00:00.000Z', audited: true });
  expect(JSON.parse(await readFile(join(home, 'KILL'), 'utf8'))).toMatchObject({ reason: 'runaway skill', actor: 'person' });
  expect((await auditActions())[0]).toMatchObject({ actor: 'person', action: 'kill.engage', details: { reason: 'runaway skill', alreadyEngaged: false } });
});

test('noctem kill twice reports the switch already engaged at its first time', async () => {
  await run('kill');
  const second = await cli(['kill', '--json', '--home', home], { clock: { nowMs: () => Date.UTC(2026, 0, 2) } });
  expect(second.json()).toMatchObject({ alreadyEngaged: true, engagedAt: '2026-01-01T00:00:00.000Z' });
});

test.each([
  ['daemon'],
  ['up'],
  ['ingest', '.'],
  ['watch', '.', '--once'],
  ['nap'],
  ['import', 'gguf', 'x.gguf'],
])('noctem %s is refused with KILL_SWITCH_ENGAGED while the switch is engaged, changing nothing', async (...command) => {
  await run('kill');
  const before = await fingerprintHome(home);
  const result = await run(...command);
  expect(result.code).toBe(1);
  expect(result.json<{ error: { code: string } }>().error.code).toBe('KILL_SWITCH_ENGAGED');
  expect(await fingerprintHome(home)).toEqual(before);
});

test('noctem status still answers while the switch is engaged', async () => {
  await run('kill');
  expect((await run('status')).code).toBe(0);
});

test('noctem revive removes the sentinel, audits kill.revive, and lets work start again', async () => {
  await run('kill');
  expect((await run('revive')).json()).toEqual({ revived: true, audited: true });
  expect((await auditActions())[0]).toMatchObject({ actor: 'person', action: 'kill.revive' });
  expect((await run('daemon', '--reset-drives')).code).toBe(0);
  expect((await run('revive')).json()).toEqual({ revived: false, audited: false });
});

test('noctem kill engages the switch of an encrypted home without a passphrase, saying it could not audit', async () => {
  const result = await cli(['kill', '--json', '--home', encrypted]);
  expect(result.code).toBe(0);
  expect(result.json()).toMatchObject({ engaged: true, audited: false, auditError: 'IDENTITY_PASSPHRASE_REQUIRED' });
  const refused = await cli(['nap', '--json', '--home', encrypted], { env: { NOCTEM_PASSPHRASE: passphrase } });
  expect(refused.json<{ error: { code: string } }>().error.code).toBe('KILL_SWITCH_ENGAGED');
});

test('noctem kill fails with HOME_NOT_FOUND where there is no home', async () => {
  const result = await cli(['kill', '--json', '--home', join(dir, 'nowhere')]);
  expect(result.json<{ error: { code: string } }>().error.code).toBe('HOME_NOT_FOUND');
});

test('noctem kill refuses a reason longer than limits.killReasonCharsMax with USAGE', async () => {
  const result = await run('kill', '--reason', 'x'.repeat(limits.killReasonCharsMax + 1));
  expect(result.json<{ error: { code: string } }>().error.code).toBe('USAGE');
});
