import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here: more workers than that only adds contention for argon2 and Chromium.
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: 'tests/.artifacts/vitest.json' }]],
  },
});
