// Bundles the server and the command-line tool into dist/. Workspace packages and the plain
// JavaScript dependencies are bundled in: Node resolving, reading and compiling ~600 separate
// module files (drizzle, zod, fastify, ajv…) was most of the time a restarted server took to
// answer. What cannot be bundled stays an import from node_modules: native addons, packages that
// start worker threads from their own files, and the media stack loaded on the first job.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const external = [
  'better-sqlite3', // native addon
  'sharp', // native addon
  'libheif-js', // WebAssembly, loaded by heic-worker.mjs
  'pino', // transports start workers from its own files
  'exifr', // media stack: loaded with the first job anyway
  'thumbhash',
];

// Chunk names carry a content hash: start empty so old chunks do not pile up beside new ones.
rmSync('dist', { recursive: true, force: true });

await build({
  // The check threads load their own file (check-threads.ts): it sits beside main.js.
  entryPoints: { main: 'src/main.ts', cli: 'src/cli.ts', 'check-worker': 'src/uploads/check-worker.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Code behind a dynamic import() (the media stack, see keepsake.ts) becomes its own chunk,
  // loaded when first needed rather than at start.
  splitting: true,
  // Chunks sit beside main.js: paths built from import.meta.url (heic-worker.mjs, the web folder)
  // must resolve the same from every file.
  chunkNames: '[name]-[hash]',
  sourcemap: true,
  external,
  // Bundled CommonJS helpers need `require`, which ESM output lacks.
  banner: {
    js: "import { createRequire as __keepsakeRequire } from 'node:module'; const require = __keepsakeRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// The HEIC decoder's thread loads its own file: it ships beside the bundle, unbundled.
mkdirSync('dist', { recursive: true });
copyFileSync('src/media/heic-worker.mjs', 'dist/heic-worker.mjs');
