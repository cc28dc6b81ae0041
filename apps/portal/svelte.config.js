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
    // Content-Security-Policy of every page (README "Security headers and limits"). 'hash', not
    // nonces: SvelteKit adds the sha256 of its inline start-up script, so a public page's HTML is
    // the same on every request and its ETag (src/lib/public/cache.ts) keeps matching.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        // Stylesheets only from the portal; style="…" attributes (progress bars' widths, the QR
        // code's SVG, app.html's wrapper) are allowed, inline <style> elements are not.
        'style-src': ['self'],
        'style-src-attr': ['unsafe-inline'],
        'img-src': ['self', 'data:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
        'base-uri': ['self'],
        'object-src': ['none'],
      },
    },
  },
};

export default config;
