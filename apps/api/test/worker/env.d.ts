// Types for tests that run inside workerd: `exports.default` from cloudflare:workers is the
// Worker entry (src/worker.ts).
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('../../src/worker.ts');
  }
}
