/// <reference types="vitest" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development the dev server proxies the API and the bottle pictures so the
// app runs on one origin, as it does behind the `parfumerie` binary:
//   PARFUMERIE_GATEWAY=http://localhost:13001 PARFUMERIE_IMAGES=http://localhost:45979 npm run dev
const gateway = process.env.PARFUMERIE_GATEWAY ?? 'http://localhost:3001';
const images = process.env.PARFUMERIE_IMAGES ?? 'http://localhost:3003';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: gateway, ws: true, changeOrigin: true },
      '/images': { target: images, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    css: false,
  },
});
