import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'api',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // test/worker runs inside workerd (vitest.workers.config.ts).
    exclude: ['test/worker/**', 'node_modules/**'],
  },
});
