import fs from 'node:fs';
import path from 'node:path';
import { assetDetailSchema, uploadResultSchema } from '@keepsake/shared';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

// Formats the corpus lacks, made here from a corpus photo; a server without ffmpeg; and an
// edited photo whose render is shown first.
let server: TestServer;
let withoutFfmpeg: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  withoutFfmpeg = await startTestServer({
    KEEPSAKE_FFMPEG: '/nonexistent/ffmpeg',
    KEEPSAKE_FFPROBE: '/nonexistent/ffprobe',
  });
});
afterAll(async () => {
  await server?.close();
  await withoutFfmpeg?.close();
});

async function put(target: TestServer, name: string, body: Buffer, headers: Record<string, string> = {}) {
  const response = await fetch(`${target.url}/api/v1/uploads`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${target.user.deviceKey}`, 'keepsake-filename': name, ...headers },
    body,
  });
  return uploadResultSchema.parse(await response.json());
}

async function settledDetail(target: TestServer, assetId: string) {
  return eventually(async () => {
    const response = await fetch(`${target.url}/api/v1/assets/${assetId}`, {
      headers: { authorization: `Bearer ${target.user.deviceKey}` },
    });
    const detail = assetDetailSchema.parse(await response.json());
    const done = detail.resources.every((r) =>
      ['succeeded', 'failed'].includes(r.processing.thumbnail.state ?? ''),
    );
    return done ? detail : undefined;
  }, 60_000);
}

const source = () => sharp(fs.readFileSync(path.join(corpusDir, 'landscape_1.jpg')));

describe('formats made in code', () => {
  it.each([
    ['photo.avif', () => source().avif().toBuffer()],
    ['photo.tiff', () => source().tiff().toBuffer()],
    ['animation.gif', () => source().gif().toBuffer()],
  ])('%s gets a thumbnail', async (name, make) => {
    const { assetId } = await put(server, name, await make());
    const detail = await settledDetail(server, assetId);
    expect(detail.resources[0]?.processing.thumbnail.state).toBe('succeeded');
    expect(detail.thumbnail.width).toBe(427);
  });
});

describe('a server without ffmpeg', () => {
  it('stores and lists a video, and says plainly that ffmpeg is missing', async () => {
    const { assetId } = await put(
      withoutFfmpeg,
      'with-gps.mov',
      fs.readFileSync(path.join(corpusDir, 'with-gps.mov')),
    );
    const detail = await settledDetail(withoutFfmpeg, assetId);
    expect(detail.kind).toBe('video');
    expect(detail.resources[0]?.processing.thumbnail).toMatchObject({
      state: 'failed',
      error: {
        code: 'TOOL_MISSING',
        message: expect.stringMatching(/ffmpeg is not installed.*stored safely/),
      },
    });
    const list = await fetch(`${withoutFfmpeg.url}/api/v1/assets`, {
      headers: { authorization: `Bearer ${withoutFfmpeg.user.deviceKey}` },
    });
    expect(JSON.stringify(await list.json())).toContain(assetId);
  });
});

describe('an edited photo', () => {
  it('shows its full-size render, with the original one request away', async () => {
    const original = fs.readFileSync(path.join(corpusDir, 'portrait_1.jpg'));
    const render = await sharp(original).modulate({ saturation: 0 }).jpeg().toBuffer();
    const phone = { 'keepsake-asset-id': 'EDITED-1' };
    const first = await put(server, 'IMG_0042.JPG', original, {
      ...phone,
      'keepsake-resource-type': 'photo',
    });
    await put(server, 'FullSizeRender.jpg', render, { ...phone, 'keepsake-resource-type': 'fullSizePhoto' });
    const detail = await settledDetail(server, first.assetId);
    expect(detail.filename).toBe('FullSizeRender.jpg');
    const auth = { authorization: `Bearer ${server.user.deviceKey}` };
    const shown = Buffer.from(
      await (
        await fetch(`${server.url}/api/v1/assets/${first.assetId}/original`, { headers: auth })
      ).arrayBuffer(),
    );
    expect(shown.equals(render)).toBe(true);
    const unedited = detail.resources.find((r) => r.type === 'photo')!;
    const back = await fetch(
      `${server.url}/api/v1/assets/${first.assetId}/original?resource=${unedited.id}`,
      { headers: auth },
    );
    expect(Buffer.from(await back.arrayBuffer()).equals(original)).toBe(true);

    // Photos' edit instructions are kept, but there is nothing to render or read in them: no job,
    // so no failure on the Failures page for every edited photo.
    const plist = Buffer.from('<?xml version="1.0"?><plist version="1.0"><dict></dict></plist>');
    await put(server, 'Adjustments.plist', plist, { ...phone, 'keepsake-resource-type': 'adjustmentData' });
    const after = assetDetailSchema.parse(
      await (await fetch(`${server.url}/api/v1/assets/${first.assetId}`, { headers: auth })).json(),
    );
    expect(after.resources.find((r) => r.type === 'adjustmentData')?.processing).toEqual({
      thumbnail: { state: null, error: null },
      metadata: { state: null, error: null },
    });
  });
});
