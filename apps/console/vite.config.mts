import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// The gateway serves the build at /console/ (apps/gateway/src/console); `nx serve console`
// runs Vite's dev server with the API proxied to a gateway on :3000.
export default defineConfig({
  root: path.join(here, 'src'),
  base: '/console/',
  plugins: [react()],
  build: { outDir: path.join(here, '../../dist/apps/console'), emptyOutDir: true, sourcemap: true },
  server: { port: 4200, proxy: { '/v1': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' } },
});
