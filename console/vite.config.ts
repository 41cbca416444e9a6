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

// `npm run console:dev`: hot reload, with /graphql, /dev and /console to a running graph.
// GATEWAY_URL, else the gateway npm start runs on GATEWAY_PORT (default 4000).
const gateway = process.env.GATEWAY_URL ?? `http://127.0.0.1:${process.env.GATEWAY_PORT || 4000}`;

export default defineConfig({
  plugins: [react(), persistedDocuments],
  server: {
    port: Number(process.env.CONSOLE_DEV_PORT ?? 5173),
    proxy: { '/graphql': gateway, '/dev': gateway, '/console/config.json': gateway },
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
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
