// npm run bench [-- <scenario>…] [--small] [--large] [--runs N] [--no-build]
// Installs and builds like `npm start` (turbo makes an unchanged tree a no-op), then hands over
// to bench/run.mjs. Benchmarks are not tests: nothing here runs in CI.
import { build, ensureInstalled } from './lib/workspace.mjs';

const args = process.argv.slice(2);
if (!args.includes('--no-build') && !args.includes('--help')) {
  ensureInstalled();
  build(['@keepsake/api', '@keepsake/web']);
}
const { main } = await import('../bench/run.mjs');
process.exitCode = await main(args.filter((arg) => arg !== '--no-build'));
