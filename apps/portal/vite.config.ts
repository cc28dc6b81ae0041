import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// `vite dev` only: the browser's /api requests go to the API process (apps/api, `npm run dev`
// there listens on 8787 unless told otherwise). Server-side loads reach it through
// hooks.server.ts (handleFetch), which reads the same API_ORIGIN.
const apiOrigin = process.env.API_ORIGIN ?? 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: {
      '/api': { target: apiOrigin, changeOrigin: true },
    },
  },
});
