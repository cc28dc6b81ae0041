// Browser tests against the real thing: the Node server (API + adapter-node portal build) on a
// free port with a fresh database, driven by Debian's Chromium through playwright-core.
// Run: npm run build:node -w @binh-dang/portal && npx vitest run --config apps/portal/vitest.e2e.config.ts
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'e2e',
    root: fileURLToPath(new URL('.', import.meta.url)),
    environment: 'node',
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    // The first Chromium launch and the server's first render are slow on a cold machine.
    testTimeout: 60_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    // After every other project: on a 2-core machine the browser tests time out when they share
    // the CPU with the unit and API suites.
    sequence: { groupOrder: 1 },
  },
});
