// Bundles the server and the command-line tool into dist/. Workspace packages are bundled in;
// everything from npm (native better-sqlite3 and sharp among them) stays an import.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';

const deps = (file) => Object.keys(JSON.parse(readFileSync(file, 'utf8')).dependencies ?? {});
const external = [
  ...deps('package.json'),
  ...deps('../../packages/db/package.json'),
  ...deps('../../packages/shared/package.json'),
].filter((name) => !name.startsWith('@keepsake/'));

await build({
  entryPoints: ['src/main.ts', 'src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external,
  // Bundled CommonJS helpers need `require`, which ESM output lacks.
  banner: {
    js: "import { createRequire as __keepsakeRequire } from 'node:module'; const require = __keepsakeRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// Worker threads load their own file: it ships beside the bundle, unbundled.
mkdirSync('dist', { recursive: true });
copyFileSync('src/media/heic-worker.mjs', 'dist/heic-worker.mjs');
