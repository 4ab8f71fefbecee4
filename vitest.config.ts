import { defineConfig } from 'vitest/config';

// Tests run the workspace packages from their TypeScript sources (ARCHITECTURE.md): the source
// condition first, then Vite's server defaults. `__vitest__` is the environment of globalSetup;
// vitest also hands the ssr conditions to its workers as --conditions (worker threads included).
const sourceCondition = '@sasaeai/source';

export default defineConfig({
  environments: { __vitest__: { resolve: { conditions: [sourceCondition, 'node'] } } },
  ssr: { resolve: { conditions: [sourceCondition, 'module', 'node', 'development|production'] } },
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'services/*/test/**/*.test.ts',
      'web/test/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    globalSetup: ['tests/global-setup.ts'],
    // A last resort only: tests wait on conditions with their own budgets (tests/e2e/browser.ts,
    // services/worker/test/support.ts), which fail first and say what they waited for. The
    // wall-clock limit is wide because a busy 2-core CI machine can run several times slower.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Two cores here: more workers than that only adds contention for argon2 and Chromium.
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: 'tests/.artifacts/vitest.json' }]],
  },
});
