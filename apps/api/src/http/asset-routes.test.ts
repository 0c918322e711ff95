import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@keepsake/db';
import { assetDetailSchema, assetPageSchema, uploadResultSchema } from '@keepsake/shared';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDiskStore } from '../storage/local-disk-store.js';
import { corpusDir, eventually, startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
const auth = () => ({ authorization: `Bearer ${server.user.deviceKey}` });
const ids: Record<string, string> = {};

async function put(file: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/api/v1/uploads`, {
    method: 'PUT',
    headers: { ...auth(), 'keepsake-filename': file, ...headers },
    body: fs.readFileSync(path.join(corpusDir, file)),
  });
  return uploadResultSchema.parse(await response.json());
}

beforeAll(async () => {
  server = await startTestServer();
  // Capture dates from the phone's headers decide the order until the files' own metadata is read.
  const days = ['2021-01-01', '2022-01-01', '2023-01-01', '2024-01-01', '2025-01-01'];
  for (const [i, file] of [
    'portrait_1.jpg',
    'portrait_2.jpg',
    'portrait_3.jpg',
    'portrait_4.jpg',
    'portrait_5.jpg',
  ].entries()) {
    ids[file] = (await put(file, { 'keepsake-created-at': `${days[i]}T12:00:00Z` })).assetId;
  }
  // A Live Photo from a phone: still and motion under one asset id, sent in either order.
  ids.live = (
    await put('livepair_b_motion.mov', {
      'keepsake-asset-id': 'LIVE-B',
      'keepsake-resource-type': 'pairedVideo',
    })
  ).assetId;
  await put('livepair_b_still.jpg', { 'keepsake-asset-id': 'LIVE-B', 'keepsake-resource-type': 'photo' });
});
afterAll(async () => server?.close());

describe('GET /api/v1/assets', () => {
  it('pages newest first by keyset until the end', async () => {
    // The Live Photo's capture time comes from its file: once read, it moves from the top (its
    // upload time) into 2021. Paging while that happens would meet it twice, so wait for it.
    await eventually(async () => {
      const detail = assetDetailSchema.parse(
        await (await fetch(`${server.url}/api/v1/assets/${ids.live}`, { headers: auth() })).json(),
      );
      return detail.resources.every((r) => r.processing.metadata.state === 'succeeded') ? detail : undefined;
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const response = await fetch(`${server.url}/api/v1/assets${query}`, { headers: auth() });
      expect(response.status).toBe(200);
      const page = assetPageSchema.parse(await response.json());
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    const dated = seen.filter((id) => id !== ids.live);
    expect(dated).toEqual(
      ['portrait_5.jpg', 'portrait_4.jpg', 'portrait_3.jpg', 'portrait_2.jpg', 'portrait_1.jpg'].map(
        (f) => ids[f],
      ),
    );
  });

  it('refuses a cursor it did not make', async () => {
    const response = await fetch(`${server.url}/api/v1/assets?cursor=bm9wZQ`, { headers: auth() });
    expect(response.status).toBe(400);
  });
});

describe('GET /api/v1/assets/{id}', () => {
  it('shows a Live Photo as one asset with both resources and their processing state', async () => {
    const response = await fetch(`${server.url}/api/v1/assets/${ids.live}`, { headers: auth() });
    const detail = assetDetailSchema.parse(await response.json());
    expect(detail.kind).toBe('livePhoto');
    expect(detail.resources.map((r) => r.type).sort()).toEqual(['pairedVideo', 'photo']);
    expect(detail.filename).toBe('livepair_b_still.jpg');
    expect(detail.device).toEqual({ id: server.user.deviceId, name: 'Test iPhone' });
    await eventually(async () => {
      const again = assetDetailSchema.parse(
        await (await fetch(`${server.url}/api/v1/assets/${ids.live}`, { headers: auth() })).json(),
      );
      return again.resources.every((r) => r.processing.thumbnail.state === 'succeeded') ? again : undefined;
    }, 60_000);
  });

  it("answers 404 for another person's asset and 401 without credentials", async () => {
    const other = await server.addUser(`reader-${Date.now()}@example.com`);
    const theirs = await fetch(`${server.url}/api/v1/assets/${ids.live}`, {
      headers: { authorization: `Bearer ${other.deviceKey}` },
    });
    expect(theirs.status).toBe(404);
    const original = await fetch(`${server.url}/api/v1/assets/${ids.live}/original`, {
      headers: { authorization: `Bearer ${other.deviceKey}` },
    });
    expect(original.status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/assets/${ids.live}`)).status).toBe(401);
  });
});

describe('GET /api/v1/assets/{id}/original', () => {
  const motion = fs.readFileSync(path.join(corpusDir, 'livepair_b_motion.mov'));

  it('streams any resource, with Range for video players and an ETag', async () => {
    const detail = assetDetailSchema.parse(
      await (await fetch(`${server.url}/api/v1/assets/${ids.live}`, { headers: auth() })).json(),
    );
    const video = detail.resources.find((r) => r.type === 'pairedVideo')!;
    const url = `${server.url}/api/v1/assets/${ids.live}/original?resource=${video.id}`;
    const whole = await fetch(url, { headers: auth() });
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(motion)).toBe(true);
    const etag = whole.headers.get('etag')!;
    expect(etag).toBe(`"${video.sha256}"`);

    const part = await fetch(url, { headers: { ...auth(), range: 'bytes=1000-1999' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${motion.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(motion.subarray(1000, 2000))).toBe(true);

    const tail = await fetch(url, { headers: { ...auth(), range: 'bytes=-100' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(motion.subarray(motion.length - 100))).toBe(true);
    expect((await fetch(url, { headers: { ...auth(), range: `bytes=${motion.length}-` } })).status).toBe(416);
    expect((await fetch(url, { headers: { ...auth(), 'if-none-match': etag } })).status).toBe(304);
  });

  it('serves the primary resource (the still of a Live Photo) by default', async () => {
    const response = await fetch(`${server.url}/api/v1/assets/${ids.live}/original`, { headers: auth() });
    expect(response.headers.get('content-disposition')).toContain('livepair_b_still.jpg');
  });
});

describe('GET /api/v1/assets/{id}/thumbnail', () => {
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  it('is tagged by its own bytes, so a thumbnail made again is fetched again', async () => {
    const assetId = ids['portrait_1.jpg'];
    const url = `${server.url}/api/v1/assets/${assetId}/thumbnail`;
    const first = await eventually(async () => {
      const response = await fetch(url, { headers: auth() });
      return response.status === 200 ? response : undefined;
    }, 60_000);
    const etag = first.headers.get('etag')!;
    expect(etag).toBe(`"thumbnail-${sha256(Buffer.from(await first.arrayBuffer()))}"`);
    expect((await fetch(url, { headers: { ...auth(), 'if-none-match': etag } })).status).toBe(304);

    // Made again, as a re-run does: new bytes under the same key, and their hash on the row.
    const remade = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#336699' } })
      .webp()
      .toBuffer();
    const opened = openDatabase(path.join(server.dataDir, 'keepsake.sqlite'));
    try {
      const row = opened.sqlite
        .prepare(
          `select d.id, d.storage_key as key from derivatives d join resources r on r.file_id = d.file_id
           where r.asset_id = ? and d.kind = 'thumbnail'`,
        )
        .get(assetId) as { id: string; key: string };
      await new LocalDiskStore(server.dataDir, path.join(server.dataDir, 'tmp')).putBuffer(row.key, remade);
      opened.sqlite
        .prepare('update derivatives set sha256 = ?, size = ? where id = ?')
        .run(sha256(remade), remade.length, row.id);
    } finally {
      opened.close();
    }
    const again = await fetch(url, { headers: { ...auth(), 'if-none-match': etag } });
    expect(again.status).toBe(200);
    expect(Buffer.from(await again.arrayBuffer()).equals(remade)).toBe(true);
  });
});
