import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server proxies everything the console talks to (tRPC, Socket.io, the push
// Acknowledge route) to a running PageFree server, so cookies stay first-party.
const serverUrl = process.env.PAGEFREE_SERVER_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    strictPort: true,
    proxy: {
      '/trpc': { target: serverUrl },
      '/api': { target: serverUrl },
      '/socket.io': { target: serverUrl, ws: true },
      '/integrations': { target: serverUrl },
      '/v2': { target: serverUrl },
    },
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    // The largest chunk is the runbook editor (CodeMirror, 522 kB in the build of 2026-12-04).
    // It loads only when an admin opens a script, and the entry chunk stays under 500 kB.
    chunkSizeWarningLimit: 600,
  },
});
