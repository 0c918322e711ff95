import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, startTestServer, type TestServer } from '../testing/test-server.js';

// A third-party client of the IETF draft, so the server is not only tested against itself.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const protocols = ['ietf-draft-03', 'ietf-draft-05'] as const;

interface Finished {
  url: string;
  resourceId: string | undefined;
  status: number;
}

function upload(
  data: Buffer,
  protocol: (typeof protocols)[number],
  options: Partial<tus.UploadOptions> = {},
  onStarted?: (upload: tus.Upload) => void,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    // `protocol` is missing from tus-js-client's type declarations though the code has it.
    const withProtocol = { protocol } as Partial<tus.UploadOptions>;
    const job = new tus.Upload(data, {
      ...withProtocol,
      endpoint: `${server.url}/api/v1/uploads`,
      chunkSize: 512 * 1024,
      retryDelays: [],
      headers: { authorization: `Bearer ${server.user.deviceKey}` },
      metadata: { filename: 'from-tus.jpg', filetype: 'image/jpeg' },
      onSuccess: ({ lastResponse }) =>
        resolve({
          url: job.url ?? '',
          resourceId: lastResponse.getHeader('Keepsake-Resource-Id'),
          status: lastResponse.getStatus(),
        }),
      onError: reject,
      ...options,
    });
    onStarted?.(job);
    job.start();
  });
}

function storedSha(resourceSha: string): string {
  const dir = path.join(
    server.dataDir,
    'library',
    server.user.id,
    resourceSha.slice(0, 2),
    resourceSha.slice(2, 4),
  );
  const [name] = fs.readdirSync(dir);
  return sha256(fs.readFileSync(path.join(dir, name!)));
}

describe.each(protocols)('tus-js-client in %s mode', (protocol) => {
  it('uploads a photo in several PATCH requests', async () => {
    const bytes = Buffer.concat([
      fs.readFileSync(path.join(corpusDir, 'canon-dslr.jpg')),
      randomBytes(1_500_000),
    ]);
    const done = await upload(bytes, protocol);
    expect(done.status).toBe(201);
    expect(done.resourceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(storedSha(sha256(bytes))).toBe(sha256(bytes));
  });

  it('resumes an aborted upload from where the server stopped', async () => {
    const bytes = randomBytes(4 * 1024 * 1024);
    let first: tus.Upload | undefined;
    let chunks = 0;
    const aborted = upload(
      bytes,
      protocol,
      {
        onChunkComplete: () => {
          chunks++;
          if (chunks === 3) void first?.abort();
        },
      },
      (job) => {
        first = job;
      },
    );
    // The aborted upload never settles; wait until it has stopped sending.
    await Promise.race([aborted, new Promise((resolve) => setTimeout(resolve, 1500))]);
    expect(first?.url).toBeTruthy();
    const head = await fetch(first!.url!, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${server.user.deviceKey}`, 'upload-draft-interop-version': '6' },
    });
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThanOrEqual(3 * 512 * 1024);
    expect(offset).toBeLessThan(bytes.length);

    const resumed = await upload(bytes, protocol, { uploadUrl: first!.url! });
    expect(resumed.status).toBe(201);
    expect(storedSha(sha256(bytes))).toBe(sha256(bytes));
  });
});
