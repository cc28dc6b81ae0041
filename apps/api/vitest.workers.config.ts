// The Worker entry (src/worker.ts) inside workerd, configured from wrangler.jsonc (top level:
// no database). Only what needs no database is tested here; database routes are tested on the
// Node entry (vitest.config.ts) and the bundle by test/worker-bundle.test.ts.
import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

process.env.WRANGLER_SEND_METRICS ??= 'false';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [cloudflareTest({ wrangler: { configPath: fileURLToPath(new URL('./wrangler.jsonc', import.meta.url)) } })],
  test: {
    name: 'worker',
    include: ['test/worker/**/*.test.ts'],
    // The first request inside workerd can take 4–12 s on these machines.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
