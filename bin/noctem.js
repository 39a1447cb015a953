#!/usr/bin/env node
// The `noctem` executable: registers tsx so the TypeScript sources run as they are,
// then hands argv to the CLI. Keeping no build step means a fresh clone runs after
// `npm install` alone.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
