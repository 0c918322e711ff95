import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorBodySchema } from '@keepsake/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';

// A real full disk: the data folder on a 4 MiB tmpfs. Mounting needs root, which CI and the
// project's machines have; elsewhere the test says why it did not run.
const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'keepsake-full-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint], { stdio: 'ignore' });
  mounted = true;
} catch {
  mounted = false;
}

let server: TestServer;
beforeAll(async () => {
  if (mounted) server = await startTestServer({}, { dataDir: mountPoint });
});
afterAll(async () => {
  await server?.close();
  if (mounted) execFileSync('umount', [mountPoint]);
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

describe.runIf(mounted)('a full disk', () => {
  it('answers 507 with a reason, keeps nothing half-stored, and recovers once there is room', async () => {
    const auth = { authorization: `Bearer ${server.user.deviceKey}` };
    const response = await fetch(`${server.url}/api/v1/uploads`, {
      method: 'PUT',
      headers: { ...auth, 'keepsake-filename': 'too-big-for-this-disk.mov' },
      body: randomBytes(6 * 1024 * 1024),
    });
    expect(response.status).toBe(507);
    const { error } = errorBodySchema.parse(await response.json());
    expect(error).toMatchObject({ code: 'STORAGE_FULL', message: expect.stringMatching(/disk .* is full/) });
    expect(fs.readdirSync(path.join(mountPoint, 'uploads'))).toEqual([]);
    expect(fs.existsSync(path.join(mountPoint, 'library'))).toBe(false);

    const small = await fetch(`${server.url}/api/v1/uploads`, {
      method: 'PUT',
      headers: { ...auth, 'keepsake-filename': 'small.jpg' },
      body: randomBytes(64 * 1024),
    });
    expect(small.status).toBe(201);
  });
});
