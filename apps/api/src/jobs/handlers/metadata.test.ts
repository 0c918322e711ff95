import fs from 'node:fs';
import path from 'node:path';
import { type OpenedDatabase, openDatabase } from '@keepsake/db';
import { assetDetailSchema, uploadResultSchema } from '@keepsake/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  corpusDir,
  corpusManifest,
  eventually,
  type ManifestEntry,
  startTestServer,
  type TestServer,
} from '../../testing/test-server.js';

// The corpus uploaded the way a command-line or browser client sends it: no phone asset ids, so
// everything known about each file must come from the file itself.
let server: TestServer;
let db: OpenedDatabase;
const manifest = corpusManifest() as (ManifestEntry & {
  make: string | null;
  model: string | null;
  hasGps: boolean;
  createdAt: string | null;
})[];
const uploaded = new Map<string, { assetId: string; resourceId: string }>();

// Live Photo halves arrive in both orders: still first for pair a, motion first for pair b.
const order = manifest
  .map((m) => m.file)
  .sort((a, b) => {
    const rank = (f: string) => (f === 'livepair_b_motion.mov' ? -1 : f === 'livepair_a_motion.mov' ? 1 : 0);
    return rank(a) - rank(b);
  });

async function detail(assetId: string) {
  const response = await fetch(`${server.url}/api/v1/assets/${assetId}`, {
    headers: { authorization: `Bearer ${server.user.deviceKey}` },
  });
  return response.status === 200 ? assetDetailSchema.parse(await response.json()) : undefined;
}

/** The asset that holds a file now (a Live Photo's motion moves into its still's asset). */
function assetHolding(file: string): string {
  const { resourceId } = uploaded.get(file)!;
  const row = db.sqlite.prepare('select asset_id as assetId from resources where id = ?').get(resourceId) as {
    assetId: string;
  };
  return row.assetId;
}

beforeAll(async () => {
  server = await startTestServer({ KEEPSAKE_THUMBNAIL_CONCURRENCY: '1' });
  db = openDatabase(path.join(server.dataDir, 'keepsake.sqlite'));
  for (const file of order) {
    const response = await fetch(`${server.url}/api/v1/uploads`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${server.user.deviceKey}`,
        'keepsake-filename': encodeURIComponent(file),
      },
      body: fs.readFileSync(path.join(corpusDir, file)),
    });
    uploaded.set(file, uploadResultSchema.parse(await response.json()));
  }
  await eventually(() => {
    const pending = db.sqlite
      .prepare("select count(*) as n from jobs where kind = 'metadata' and state in ('queued', 'running')")
      .get() as { n: number };
    return pending.n === 0 ? true : undefined;
  }, 120_000);
}, 180_000);
afterAll(async () => {
  db?.close();
  await server?.close();
});

/** exiftool's text: a wall-clock time, with its zone when the file has one. */
function expectSameCaptureTime(actual: string | null, offset: string | null, expected: string) {
  const zoned = /(Z|[+-]\d\d:\d\d)$/.test(expected);
  expect(actual).not.toBeNull();
  if (zoned) {
    expect(new Date(actual!).getTime()).toBe(new Date(expected).getTime());
    if (!expected.endsWith('Z')) expect(offset).toBe(expected.slice(-6));
  } else {
    // No zone in the file: the wall-clock time is kept as written.
    expect(actual!.slice(0, 19)).toBe(expected);
  }
}

describe('metadata read from every corpus file', () => {
  it.each(manifest.map((m) => [m.file, m] as const))('%s', async (file, entry) => {
    const jobState = db.sqlite
      .prepare(
        "select j.state, j.last_error_message as message from jobs j join files f on f.id = j.subject where j.kind = 'metadata' and f.sha256 = ?",
      )
      .get(entry.sha256) as { state: string; message: string | null };
    expect(jobState).toMatchObject({ state: 'succeeded' });
    const asset = (await detail(assetHolding(file)))!;
    // A Live Photo's facts are its still's; its motion's own are checked through ffprobe elsewhere.
    const isMotionOfPair = asset.kind === 'livePhoto' && entry.kind === 'video';
    if (isMotionOfPair) return;
    if (entry.createdAt) expectSameCaptureTime(asset.takenAt, asset.takenAtOffset, entry.createdAt);
    // test_live.mov keeps its Apple metadata inside mdat, where exiftool (which wrote the
    // manifest) did not look; Keepsake reads camera and place from there too.
    const strayMeta = file === 'test_live.mov';
    expect(asset.make).toBe(strayMeta ? 'Apple' : entry.make);
    expect(asset.model).toBe(strayMeta ? 'iPhone SE (2nd generation)' : entry.model);
    if (entry.hasGps || strayMeta) expect(asset.latitude).not.toBeNull();
    else expect(asset.latitude).toBeNull();
    if (entry.kind === 'video') expect(asset.durationMs).toBeGreaterThan(0);
    if (entry.kind === 'photo' && entry.width && entry.height) {
      const turned = (entry.orientation ?? 1) >= 5;
      expect([asset.width, asset.height]).toEqual(
        turned ? [entry.height, entry.width] : [entry.width, entry.height],
      );
    }
  });
});

describe('Live Photos uploaded as separate files', () => {
  it.each([
    ['livepair_a_still.heic', 'livepair_a_motion.mov'],
    ['livepair_b_still.jpg', 'livepair_b_motion.mov'],
  ])('%s and %s become one asset, in either order', async (still, motion) => {
    const holder = assetHolding(still);
    expect(assetHolding(motion)).toBe(holder);
    const asset = (await detail(holder))!;
    expect(asset.kind).toBe('livePhoto');
    expect(asset.resources.map((r) => [r.type, r.filename]).sort()).toEqual([
      ['pairedVideo', motion],
      ['photo', still],
    ]);
    expect(asset.filename).toBe(still);
    // The motion's own asset is gone: the library shows one item.
    const motionAsset = uploaded.get(motion)!.assetId;
    if (motionAsset !== holder) expect(await detail(motionAsset)).toBeUndefined();
  });

  it('does not join a still and a video whose identifiers differ', async () => {
    expect(assetHolding('test_live.HEIC')).not.toBe(assetHolding('test_live.mov'));
  });
});
