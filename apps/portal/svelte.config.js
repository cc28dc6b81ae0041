// Two builds of the same portal: adapter-node (PORTAL_ADAPTER=node) for `npm start`, where
// apps/api/src/node.ts serves /api itself and hands every other request to build/handler.js;
// adapter-cloudflare otherwise, for Workers (wrangler.jsonc beside this file).
import adapterCloudflare from '@sveltejs/adapter-cloudflare';
import adapterNode from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

const useNode = process.env.PORTAL_ADAPTER === 'node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: useNode
      ? // node.ts serves the files itself; precompressed copies would only double the build.
        adapterNode({ out: 'build', precompress: false })
      : adapterCloudflare({ config: 'wrangler.jsonc' }),
  },
};

export default config;
