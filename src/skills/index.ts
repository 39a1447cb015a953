/**
 * @module skills
 * Skill packages (issue 7): the manifest `noctem-skill.json` (capabilities, sandbox tier,
 * author), the package digest, and the author's hybrid signature `noctem-skill.sig.json`
 * checked against the author's key event log (`noctem-skill.kel.json` travels with it);
 * the static scan (acorn; `skill-scan-rules.ts` lists its rules and their severity per
 * tier); reading packages from folders and `.tgz` archives and writing installed copies
 * atomically (`fs-skill-package.ts`, with the pure `tar-skill-archive.ts` and `skill-source.ts`);
 * the installed-skills registry, the installer and the runner (services over ports), the
 * capability broker and its scope checks, the policy file, and the adapters behind the
 * capabilities (`fs-skill-files.ts` race-free scoped files, `http-skill-fetch.ts`).
 * Ports: `SkillServices`, `SkillRunPorts`, `SkillInstallPorts` (daemon/skill-host.ts builds them).
 * Limits: skillManifestBytesMax, skillNameCharsMax, skillVersionCharsMax,
 * skillDescriptionCharsMax, skillPathCharsMax, skillCapabilitiesMax, skillScopeEntriesMax,
 * skillScopeEntryCharsMax, skillPackageFilesMax, skillPackageBytesMax, skillSignatureBytesMax,
 * skillKeyEventsBytesMax, skillScanFileBytesMax, skillScanNodesMax, skillScanFindingsMax,
 * skillScanFindingsReportedMax, skillQueryCharsMax, skillMemoryHitsMax, skillNoteCharsMax,
 * skillPromptCharsMax, skillFetchBytesMax, skillFetchMsMax, skillFetchRedirectsMax,
 * skillFileBytesMax, policyBytesMax, policyRulesMax, skillsListMax.
 */
export * from './skill-path.ts';
export * from './skill-manifest.ts';
export * from './skill-digest.ts';
export * from './skill-signature.ts';
export * from './skill-scan-rules.ts';
export * from './skill-scan.ts';
export { isSkillModulePath, resolveSkillImport } from './skill-scan-checks.ts';
export * from './skill-source.ts';
export { readSkillTar, type SkillArchiveContents } from './tar-skill-archive.ts';
export * from './fs-skill-package.ts';
export * from './capability-scope.ts';
export * from './capability-broker.ts';
export * from './skill-services.ts';
export * from './skill-registry.ts';
export * from './skill-tier.ts';
export * from './skill-runner.ts';
export * from './skill-installer.ts';
export * from './fs-skill-files.ts';
export * from './http-skill-fetch.ts';
export * from './skill-policy.ts';
export * from './fs-skill-policy.ts';
