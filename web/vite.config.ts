import { sveltekit } from '@sveltejs/kit/vite';
import { defaultClientConditions, defaultServerConditions, defineConfig } from 'vite';

// @sasaeai/contracts is bundled from its TypeScript sources, in `vite dev` and `vite build` alike.
const sourceCondition = '@sasaeai/source';

// Only `vite dev` uses this: there SvelteKit serves the pages and the API runs on its own, so
// /api and /ws are proxied to keep the one-origin shape production has.
const apiTarget = process.env.API_INTERNAL_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [sveltekit()],
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/ws': { target: apiTarget, ws: true },
    },
  },
});
