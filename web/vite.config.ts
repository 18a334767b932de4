import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is built into web/dist at install time (npm's `prepare`) and served by `shequn start`.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
