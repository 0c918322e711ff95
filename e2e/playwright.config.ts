import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { e2eEnvironment, repoRoot } from './support/server';

const { dataDir, port } = e2eEnvironment();
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  throw new Error(`No Chromium at ${chromium}. Install Debian's "chromium" package or set CHROMIUM_PATH.`);
}

export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts/results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: [
    ['list'],
    ['json', { outputFile: path.join(import.meta.dirname, '.test-results/playwright.json') }],
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      // Without these, Chromium keeps calling home, and on a machine without internet every
      // attempt fails noisily.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `node ${path.join(repoRoot, 'apps/api/dist/main.js')}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    env: {
      KEEPSAKE_DATA_DIR: dataDir,
      KEEPSAKE_PORT: String(port),
      KEEPSAKE_HOST: '127.0.0.1',
      KEEPSAKE_LOG_LEVEL: 'warn',
    },
  },
});
