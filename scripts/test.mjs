// `npm test`: install if needed, then typecheck, lint, unit, integration and end-to-end tests.
// Fails if any part fails or if no test ran, and ends with one "N passed, N failed" line.
import fs from 'node:fs';
import path from 'node:path';
import { ensureInstalled, env, root, run } from './lib/workspace.mjs';

ensureInstalled();
ensureSystemTools();

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

/**
 * The tests use two system programs: Chromium (Playwright drives it) and ffmpeg (video posters).
 * On Debian as root, a missing one is installed; elsewhere the message says what to install.
 */
function ensureSystemTools() {
  const missing = [];
  const chromium = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    if (env.CHROMIUM_PATH) fail(`No Chromium at CHROMIUM_PATH=${chromium}.`);
    missing.push('chromium');
  }
  if (!onPath(env.KEEPSAKE_FFMPEG ?? 'ffmpeg')) missing.push('ffmpeg');
  if (missing.length === 0) return;
  const canInstall = process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
  if (!canInstall)
    fail(
      `Install ${missing.join(' and ')} (or set CHROMIUM_PATH / KEEPSAKE_FFMPEG), then run npm test again.`,
    );
  console.log(`Installing Debian's ${missing.join(' and ')} for the tests…`);
  const apt = { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } };
  if (
    run('apt-get', ['update', '-qq'], apt) !== 0 ||
    run('apt-get', ['install', '-y', '-qq', ...missing], apt) !== 0
  ) {
    fail(`Installing ${missing.join(' and ')} with apt-get failed; install them by hand.`);
  }
}

function onPath(command) {
  if (command.includes('/')) return fs.existsSync(command);
  return (env.PATH ?? '').split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, command)));
}

function fail(message) {
  console.error(message);
  process.exit(1);
}
