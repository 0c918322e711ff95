import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const corpusDir = path.resolve(repoRoot, '../shared/corpus');

/**
 * One data folder and port for the whole run, fixed in the environment before Playwright
 * forks its workers so every worker and the web server agree on them.
 */
export function e2eEnvironment(): { dataDir: string; port: number } {
  process.env.KEEPSAKE_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'keepsake-e2e-'));
  process.env.KEEPSAKE_E2E_PORT ??= String(18_266 + Math.floor(Math.random() * 1000));
  return { dataDir: process.env.KEEPSAKE_E2E_DATA_DIR, port: Number(process.env.KEEPSAKE_E2E_PORT) };
}

/** Runs the real command-line tool against the test data folder. */
export function keepsakeCli(args: string[]): string {
  return execFileSync(process.execPath, [path.join(repoRoot, 'apps/api/dist/cli.js'), ...args], {
    env: { ...process.env, KEEPSAKE_DATA_DIR: e2eEnvironment().dataDir },
    encoding: 'utf8',
  });
}
