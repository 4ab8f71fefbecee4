import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { rubyPreprocess } from './ruby-preprocess.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  // TypeScript first, then ふりがな around translated strings (see ruby-preprocess.js).
  preprocess: [vitePreprocess(), rubyPreprocess()],
  compilerOptions: { runes: true },
  kit: {
    // build/handler.js is imported by the API process (services/api), which serves every
    // non-/api, non-/ws path through it on one origin.
    adapter: adapter({ out: 'build', precompress: false }),
    // Pages render without any inline script needing JS; keep the CSP strict for what there is.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
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
