import { defineConfig } from 'vitest/config';

// The default "forks" pool gives every test file its own child process, which suits
// lmdb's native addon and the SIGKILL crash tests.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
