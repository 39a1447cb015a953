/**
 * @module skills
 * Skill packages (issue 7): the manifest `noctem-skill.json` (capabilities, sandbox tier,
 * author), the package digest, and the author's hybrid signature `noctem-skill.sig.json`
 * checked against the author's key event log. Pure so far: callers read the files.
 * Limits: skillManifestBytesMax, skillNameCharsMax, skillVersionCharsMax,
 * skillDescriptionCharsMax, skillPathCharsMax, skillCapabilitiesMax, skillScopeEntriesMax,
 * skillScopeEntryCharsMax, skillPackageFilesMax, skillPackageBytesMax.
 */
export * from './skill-path.ts';
export * from './skill-manifest.ts';
export * from './skill-digest.ts';
export * from './skill-signature.ts';
