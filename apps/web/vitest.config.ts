import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The same `~/` alias as tsconfig's paths, so tested modules import as the app does.
export default defineConfig({
  resolve: { alias: { '~': path.resolve(import.meta.dirname, 'src') } },
});
