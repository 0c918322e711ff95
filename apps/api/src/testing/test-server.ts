import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@keepsake/db';
import { createUser } from '../auth/users.js';
import { loadConfig } from '../config.js';
import { addDevice } from '../devices/devices.js';
import { createKeepsake, type Keepsake } from '../keepsake.js';
import { createLogger } from '../log.js';

export interface TestServer {
  url: string;
  dataDir: string;
  keepsake: Keepsake;
  /** A user with one device, made before the server started. */
  user: { id: string; email: string; password: string; deviceKey: string; deviceId: string };
  /** Another person on the same server, with one device. */
  addUser(email: string): Promise<{ id: string; deviceKey: string; deviceId: string }>;
  close(): Promise<void>;
}

/**
 * The real server on a random loopback port with a fresh data folder and a real SQLite file;
 * integration tests talk to it over HTTP.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: { dataDir?: string } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'keepsake-test-'));
  const email = 'owner@example.com';
  const password = 'a long enough password';
  const setup = openDatabase(path.join(dataDir, 'keepsake.sqlite'));
  const created = await createUser(setup.db, { email, password, role: 'admin' });
  const device = addDevice(setup.db, created.id, 'Test iPhone');
  setup.close();

  const config = loadConfig({
    KEEPSAKE_DATA_DIR: dataDir,
    KEEPSAKE_PORT: '0',
    KEEPSAKE_HOST: '127.0.0.1',
    KEEPSAKE_LOG_LEVEL: 'silent',
    KEEPSAKE_THUMBNAIL_CONCURRENCY: '1',
    ...env,
  });
  const keepsake = await createKeepsake(config, createLogger(config.logLevel));
  const address = await keepsake.http.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    dataDir,
    keepsake,
    user: { id: created.id, email, password, deviceKey: device.apiKey, deviceId: device.id },
    async addUser(otherEmail) {
      const other = openDatabase(path.join(dataDir, 'keepsake.sqlite'));
      try {
        const user = await createUser(other.db, { email: otherEmail, password, role: 'member' });
        const key = addDevice(other.db, user.id, 'Other phone');
        return { id: user.id, deviceKey: key.apiKey, deviceId: key.id };
      } finally {
        other.close();
      }
    },
    async close() {
      await keepsake.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const corpusDir = path.resolve(import.meta.dirname, '../../../../../shared/corpus');

export interface ManifestEntry {
  file: string;
  bytes: number;
  sha256: string;
  kind: string;
  width: number | null;
  height: number | null;
  orientation: number | null;
}

export function corpusManifest(): ManifestEntry[] {
  return JSON.parse(fs.readFileSync(path.join(corpusDir, 'manifest.json'), 'utf8'));
}

/** Waits for a condition the server reaches in the background (a thumbnail, a job state). */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
