import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// Only `vite dev` uses this: there SvelteKit serves the pages and the API runs on its own, so
// /api and /ws are proxied to keep the one-origin shape production has.
const apiTarget = process.env.API_INTERNAL_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/ws': { target: apiTarget, ws: true },
    },
  },
});
