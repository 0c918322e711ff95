import fs from 'node:fs';
import path from 'node:path';
import { type OpenedDatabase, openDatabase, schema } from '@keepsake/db';
import { uploadResultSchema } from '@keepsake/shared';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createKeepsake } from '../../keepsake.js';
import { createLogger } from '../../log.js';
import {
  corpusDir,
  corpusManifest,
  eventually,
  startTestServer,
  type TestServer,
} from '../../testing/test-server.js';

// Every file of the shared corpus goes through the real pipeline: upload over HTTP, the job
// runner, sharp, libheif (WebAssembly) and ffmpeg.
let server: TestServer;
let db: OpenedDatabase;
const manifest = corpusManifest();
const assetOf = new Map<string, string>();

async function put(name: string, body: Buffer) {
  const response = await fetch(`${server.url}/api/v1/uploads`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${server.user.deviceKey}`,
      'keepsake-filename': encodeURIComponent(name),
    },
    body,
  });
  return uploadResultSchema.parse(await response.json());
}

function jobFor(sha256: string) {
  return db.sqlite
    .prepare(
      `select j.state, j.attempts, j.last_error_code as code, j.last_error_step as step, j.last_error_message as message
       from jobs j join files f on f.id = j.subject where f.sha256 = ? and j.kind = 'thumbnail'`,
    )
    .get(sha256) as
    | { state: string; attempts: number; code: string | null; step: string | null; message: string | null }
    | undefined;
}

async function settled(sha256: string) {
  return eventually(() => {
    const job = jobFor(sha256);
    return job && (job.state === 'succeeded' || job.state === 'failed') ? job : undefined;
  }, 120_000);
}

async function fetchImage(assetId: string, kind: 'thumbnail' | 'preview') {
  const response = await fetch(`${server.url}/api/v1/assets/${assetId}/${kind}`, {
    headers: { authorization: `Bearer ${server.user.deviceKey}` },
  });
  expect(response.status).toBe(200);
  return sharp(Buffer.from(await response.arrayBuffer())).metadata();
}

beforeAll(async () => {
  server = await startTestServer({ KEEPSAKE_THUMBNAIL_CONCURRENCY: '2' });
  db = openDatabase(path.join(server.dataDir, 'keepsake.sqlite'));
  for (const entry of manifest) {
    const result = await put(entry.file, fs.readFileSync(path.join(corpusDir, entry.file)));
    assetOf.set(entry.file, result.assetId);
  }
  await Promise.all(manifest.map((entry) => settled(entry.sha256)));
}, 240_000);
afterAll(async () => {
  db?.close();
  await server?.close();
});

const photos = manifest.filter((m) => m.kind === 'photo');

describe('every photo in the corpus', () => {
  it.each(photos.map((m) => [m.file, m] as const))(
    '%s: upright thumbnail and preview of the right size',
    async (_name, entry) => {
      expect(jobFor(entry.sha256)).toMatchObject({ state: 'succeeded' });
      // Orientations 5–8 turn the picture a quarter: upright, width and height swap.
      const turned = (entry.orientation ?? 1) >= 5;
      const width = turned ? entry.height! : entry.width!;
      const height = turned ? entry.width! : entry.height!;
      const assetId = assetOf.get(entry.file)!;
      const thumbnail = await fetchImage(assetId, 'thumbnail');
      const preview = await fetchImage(assetId, 'preview');
      for (const [image, edge, format] of [
        [thumbnail, 320, 'webp'],
        [preview, 1440, 'jpeg'],
      ] as const) {
        expect(image.format).toBe(format);
        expect(Math.min(image.width, image.height)).toBe(Math.min(edge, width, height));
        expect(Math.sign(image.width - image.height)).toBe(Math.sign(width - height));
        // Derived files carry no EXIF: nothing to re-rotate, nothing private to leak.
        expect(image.exif).toBeUndefined();
        expect(image.orientation).toBeUndefined();
      }
    },
  );

  it('each has a ThumbHash placeholder', () => {
    const missing = db.sqlite
      .prepare("select count(*) as n from files where thumbhash is null or thumbhash = ''")
      .get() as {
      n: number;
    };
    expect(missing.n).toBe(0);
  });
});

describe('every video in the corpus', () => {
  // Checked in the database: a Live Photo's motion joins its still's asset, whose grid image is
  // the still's, but the motion still gets its own poster.
  it.each(manifest.filter((m) => m.kind === 'video').map((m) => [m.file, m] as const))(
    '%s: a poster frame thumbnail',
    (_name, entry) => {
      expect(jobFor(entry.sha256)).toMatchObject({ state: 'succeeded' });
      const poster = db.sqlite
        .prepare(
          "select d.width, d.height, d.content_type as type from derivatives d join files f on f.id = d.file_id where f.sha256 = ? and d.kind = 'thumbnail'",
        )
        .get(entry.sha256) as { width: number; height: number; type: string };
      expect(poster.type).toBe('image/webp');
      expect(Math.min(poster.width, poster.height)).toBe(320);
    },
  );
});

describe('damaged files', () => {
  const jpeg = fs.readFileSync(path.join(corpusDir, 'canon-dslr.jpg'));
  const heic = fs.readFileSync(path.join(corpusDir, 'IMG_1034.heic'));
  const mov = fs.readFileSync(path.join(corpusDir, 'with-gps.mov'));
  it.each([
    ['truncated.jpg', jpeg.subarray(0, Math.floor(jpeg.length * 0.3)), 'CORRUPT_FILE'],
    ['truncated.heic', heic.subarray(0, Math.floor(heic.length * 0.2)), 'CORRUPT_FILE'],
    ['truncated.mov', mov.subarray(0, 4096), 'CORRUPT_FILE'],
    [
      'noise.jpg',
      Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)),
      'UNSUPPORTED_FORMAT',
    ],
  ])(
    '%s ends as a permanent failure with a reason, not a crash or a stuck job',
    async (name, bytes, code) => {
      const result = await put(name, bytes as Buffer);
      const job = await settled(result.sha256);
      expect(job).toMatchObject({ state: 'failed', attempts: 1, code });
      expect(job.message).toMatch(/.{20,}/);
      expect(job.step).toBeTruthy();
    },
  );
});

describe('a restart in the middle of a batch', () => {
  it('loses no job: queued work runs when the server comes back', async () => {
    const restartDir = fs.mkdtempSync(path.join(path.dirname(server.dataDir), 'keepsake-restart-'));
    const restart = await startTestServer({ KEEPSAKE_THUMBNAIL_CONCURRENCY: '1' }, { dataDir: restartDir });
    const files = ['portrait_1.jpg', 'portrait_2.jpg', 'landscape_4.jpg', 'IMG_5195.HEIC', 'Issue_201.gif'];
    for (const file of files) {
      await fetch(`${restart.url}/api/v1/uploads`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${restart.user.deviceKey}`, 'keepsake-filename': file },
        body: fs.readFileSync(path.join(corpusDir, file)),
      });
    }
    await restart.close(); // stops with most of the batch still queued
    const config = loadConfig({
      KEEPSAKE_DATA_DIR: restartDir,
      KEEPSAKE_LOG_LEVEL: 'silent',
      KEEPSAKE_THUMBNAIL_CONCURRENCY: '2',
    });
    const again = await createKeepsake(config, createLogger('silent'));
    const check = openDatabase(path.join(restartDir, 'keepsake.sqlite'));
    try {
      const states = await eventually(() => {
        const rows = check.db.select({ state: schema.jobs.state }).from(schema.jobs).all();
        // One thumbnail and one metadata job per file.
        return rows.length === files.length * 2 && rows.every((r) => r.state === 'succeeded')
          ? rows
          : undefined;
      }, 60_000);
      expect(states).toHaveLength(files.length * 2);
    } finally {
      check.close();
      await again.close();
      fs.rmSync(restartDir, { recursive: true, force: true });
    }
  });
});
