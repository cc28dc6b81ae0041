// Root Vitest config: one project per workspace config that exists. Workspaces add their own
// config files when they get tests; this list picks them up without further edits.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const candidates = [
  'packages/domain/vitest.config.ts',
  'packages/db/vitest.config.ts',
  'packages/documents/vitest.config.ts',
  'apps/api/vitest.config.ts',
  'apps/api/vitest.workers.config.ts',
  'apps/portal/vitest.config.ts',
  'apps/portal/vitest.e2e.config.ts',
];

const projects = candidates.filter((file) => existsSync(fileURLToPath(new URL(file, import.meta.url))));

export default defineConfig({
  test: {
    projects,
  },
});
