// `npm test`: install if needed, then typecheck, lint, unit, integration and end-to-end tests.
// Fails if any part fails or if no test ran, and ends with one "N passed, N failed" line.
import fs from 'node:fs';
import path from 'node:path';
import { ensureInstalled, env, root, run } from './lib/workspace.mjs';

ensureInstalled();
ensureChromium();

const resultFiles = ['packages/shared', 'packages/db', 'apps/api', 'apps/web', 'e2e'].map((dir) =>
  path.join(root, dir, '.test-results', dir === 'e2e' ? 'playwright.json' : 'vitest.json'),
);
for (const file of resultFiles) fs.rmSync(file, { force: true });

const status = run('corepack', [
  'pnpm',
  'turbo',
  'run',
  'typecheck',
  'lint',
  'test',
  '--concurrency=2',
  '--continue',
  '--output-logs=new-only',
]);

let passed = 0;
let failed = 0;
for (const file of resultFiles) {
  if (!fs.existsSync(file)) continue;
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (report.stats) {
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
  } else {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  }
}
console.log(`\n${passed} passed, ${failed} failed`);
if (status !== 0) {
  console.error('✗ Some checks failed (see above).');
  process.exit(status);
}
if (passed === 0 || failed > 0) {
  console.error(passed === 0 ? '✗ No test ran.' : '✗ Some tests failed.');
  process.exit(1);
}

/** Playwright drives the system's Chromium; on Debian as root, install it if it is missing. */
function ensureChromium() {
  const chromium = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (fs.existsSync(chromium)) return;
  const canInstall = process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get') && !env.CHROMIUM_PATH;
  if (!canInstall) {
    console.error(
      `No Chromium at ${chromium}. Install your system's chromium package, or set CHROMIUM_PATH to a Chromium binary.`,
    );
    process.exit(1);
  }
  console.log("Installing Debian's chromium for the end-to-end tests…");
  const apt = { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } };
  if (
    run('apt-get', ['update', '-qq'], apt) !== 0 ||
    run('apt-get', ['install', '-y', '-qq', 'chromium'], apt) !== 0
  ) {
    console.error('Installing chromium with apt-get failed; install it by hand or set CHROMIUM_PATH.');
    process.exit(1);
  }
}
