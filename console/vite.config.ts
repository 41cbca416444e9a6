import { defineConfig } from 'vite';
import fs from 'node:fs';
import react from '@vitejs/plugin-react';

/** The persisted-documents manifest (hash → document) that codegen wrote, shipped with the build for the gateway. */
const persistedDocuments = {
  name: 'persisted-documents',
  writeBundle() {
    fs.copyFileSync('src/gql/persisted-documents.json', 'dist/persisted-documents.json');
  },
};

/** In development, /desk… and /m… open their own pages, as the gateway does in production (gateway/src/console.ts). */
const lightPages = {
  name: 'light-pages',
  configureServer(server: { middlewares: { use(fn: (req: { url?: string }, res: unknown, next: () => void) => void): void } }) {
    server.middlewares.use((req, _res, next) => {
      const url = req.url ?? '';
      if (/^\/desk(\/|\?|$)/.test(url)) req.url = '/desk.html';
      else if (/^\/m(\/|\?|$)/.test(url)) req.url = '/m.html';
      next();
    });
  },
};

// `npm run console:dev`: hot reload, with /graphql, /dev and /console to a running graph
// (/desk and /m are served by Vite as desk.html and m.html).
// GATEWAY_URL, else the gateway npm start runs on GATEWAY_PORT (default 4000).
const gateway = process.env.GATEWAY_URL ?? `http://127.0.0.1:${process.env.GATEWAY_PORT || 4000}`;

export default defineConfig({
  plugins: [react(), persistedDocuments, lightPages],
  server: {
    port: Number(process.env.CONSOLE_DEV_PORT ?? 5173),
    proxy: { '/graphql': gateway, '/dev': gateway, '/console/config.json': gateway },
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    // Which files each page loads first: scripts/light-budget.mjs reads it to hold /desk and /m to their budget.
    manifest: true,
    rollupOptions: {
      // Three pages: the staff console, the partner desk (/desk) and the worker's phone view (/m),
      // each with its own entry so the light two never load the console's antd and charts.
      input: { index: 'index.html', desk: 'desk.html', m: 'm.html' },
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/@apollo') || id.includes('node_modules/graphql')) return 'apollo';
          if (id.includes('node_modules/react') || id.includes('node_modules/scheduler')) return 'react';
          return undefined;
        },
      },
    },
  },
});
