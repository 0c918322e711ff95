import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { errorBodySchema, uploadResultSchema } from '@keepsake/shared';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  corpusDir,
  corpusManifest,
  eventually,
  startTestServer,
  type TestServer,
} from '../testing/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ KEEPSAKE_MAX_UPLOAD_BYTES: String(20 * 1024 * 1024) });
});
afterAll(async () => server?.close());

const manifest = corpusManifest();
const entry = (file: string) => {
  const found = manifest.find((m) => m.file === file);
  if (!found) throw new Error(`${file} is not in the corpus manifest`);
  return found;
};

function upload(body: Uint8Array, headers: Record<string, string> = {}, method = 'PUT') {
  return fetch(`${server.url}/api/v1/uploads`, {
    method,
    body,
    headers: { authorization: `Bearer ${server.user.deviceKey}`, ...headers },
  });
}

function libraryFiles(): string[] {
  const dir = path.join(server.dataDir, 'library');
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((p) => path.join(dir, p))
    .filter((p) => fs.statSync(p).isFile());
}

/** Parsing with the wire schemas also checks the answers keep the published contract. */
const result = async (response: Response) => uploadResultSchema.parse(await response.json());
const failure = async (response: Response) => errorBodySchema.parse(await response.json()).error;

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The upload records with this file name, read from the database file as another reader would. */
function uploadRows(filename: string) {
  const sqlite = new Database(path.join(server.dataDir, 'keepsake.sqlite'), { readonly: true });
  try {
    return sqlite
      .prepare(
        'select state, received_bytes as receivedBytes, failure_code as failureCode, started_at as startedAt, finished_at as finishedAt from uploads where filename = ?',
      )
      .all(filename) as {
      state: string;
      receivedBytes: number;
      failureCode: string | null;
      startedAt: number;
      finishedAt: number | null;
    }[];
  } finally {
    sqlite.close();
  }
}

describe('POST/PUT /api/v1/uploads', () => {
  it('stores a photo durably and answers 201 with its ids in headers and body', async () => {
    const photo = entry('landscape_3.jpg');
    const bytes = fs.readFileSync(path.join(corpusDir, photo.file));
    const response = await upload(bytes, { 'keepsake-filename': photo.file });
    expect(response.status).toBe(201);
    const body = await result(response);
    expect(body).toMatchObject({ status: 'created', sha256: photo.sha256, size: photo.bytes });
    expect(response.headers.get('keepsake-status')).toBe('created');
    expect(response.headers.get('keepsake-asset-id')).toBe(body.assetId);
    expect(response.headers.get('keepsake-resource-id')).toBe(body.resourceId);
    const stored = libraryFiles().filter((p) => p.includes(photo.sha256));
    expect(stored).toHaveLength(1);
    expect(sha256(fs.readFileSync(stored[0]!))).toBe(photo.sha256);
    // Its record, written with the transaction that stored it, from when it started.
    const [row, ...others] = uploadRows(photo.file);
    expect(others).toEqual([]);
    expect(row).toMatchObject({ state: 'stored', receivedBytes: photo.bytes, failureCode: null });
    expect(row!.startedAt).toBeLessThanOrEqual(row!.finishedAt!);
  });

  it('shows a slow one-request upload as receiving once its first second has passed', async () => {
    const bytes = Buffer.alloc(256 * 1024, 7);
    let sendRest!: () => void;
    const rest = new Promise<void>((resolve) => {
      sendRest = resolve;
    });
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(bytes.subarray(0, 1024));
        await new Promise((resolve) => setTimeout(resolve, 1200));
        controller.enqueue(bytes.subarray(1024, 2048));
        await rest;
        controller.enqueue(bytes.subarray(2048));
        controller.close();
      },
    });
    const sent = fetch(`${server.url}/api/v1/uploads`, {
      method: 'PUT',
      body,
      headers: { authorization: `Bearer ${server.user.deviceKey}`, 'keepsake-filename': 'slow.bin' },
      duplex: 'half',
    } as RequestInit);
    const receiving = await eventually(() => {
      const [row] = uploadRows('slow.bin');
      return row?.state === 'receiving' ? row : undefined;
    });
    expect(receiving.receivedBytes).toBeGreaterThanOrEqual(1024);
    sendRest();
    const response = await sent;
    expect(response.status).toBe(201);
    expect(uploadRows('slow.bin')).toMatchObject([{ state: 'stored', receivedBytes: bytes.length }]);
  });

  it('answers the same bytes again with 200 duplicate and the same ids, storing nothing twice', async () => {
    const photo = entry('portrait_5.jpg');
    const bytes = fs.readFileSync(path.join(corpusDir, photo.file));
    const first = await result(await upload(bytes, { 'keepsake-filename': photo.file }, 'POST'));
    const before = libraryFiles().length;
    const again = await upload(bytes, { 'keepsake-filename': photo.file }, 'POST');
    expect(again.status).toBe(200);
    expect(again.headers.get('keepsake-status')).toBe('duplicate');
    expect(await result(again)).toMatchObject({
      assetId: first.assetId,
      resourceId: first.resourceId,
      status: 'duplicate',
    });
    expect(libraryFiles().length).toBe(before);
  });

  it('stores two simultaneous uploads of the same bytes once', async () => {
    const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer();
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => upload(bytes, { 'keepsake-filename': 'race.png' })),
    );
    const bodies = await Promise.all(answers.map(result));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(bodies.map((b) => b.assetId)).size).toBe(1);
    expect(libraryFiles().filter((p) => p.includes(sha256(bytes)))).toHaveLength(1);
  });

  it('refuses a missing, wrong or revoked key with 401 and stores nothing', async () => {
    const before = libraryFiles().length;
    const none = await fetch(`${server.url}/api/v1/uploads`, { method: 'PUT', body: Buffer.from('abc') });
    expect(none.status).toBe(401);
    expect((await failure(none)).code).toBe('UNAUTHENTICATED');
    const wrong = await upload(Buffer.from('abc'), { authorization: 'Bearer ksk_not-a-real-key' });
    expect(wrong.status).toBe(401);
    expect(libraryFiles().length).toBe(before);
  });

  it('refuses an empty body with 400 EMPTY_BODY', async () => {
    const response = await upload(new Uint8Array(), { 'keepsake-filename': 'empty.jpg' });
    expect(response.status).toBe(400);
    expect(await failure(response)).toMatchObject({ code: 'EMPTY_BODY' });
    expect(uploadRows('empty.jpg')).toMatchObject([{ state: 'failed', failureCode: 'EMPTY_BODY' }]);
  });

  it('refuses a body over the size limit with 413 before storing anything', async () => {
    const response = await upload(new Uint8Array(21 * 1024 * 1024), { 'keepsake-filename': 'huge.mov' });
    expect(response.status).toBe(413);
    expect((await failure(response)).message).toMatch(/KEEPSAKE_MAX_UPLOAD_BYTES/);
    expect(fs.readdirSync(path.join(server.dataDir, 'uploads'))).toEqual([]);
  });

  it('refuses bytes that do not match Repr-Digest and keeps nothing', async () => {
    const bytes = Buffer.from('these are not the bytes you digested');
    const wrongDigest = createHash('sha256').update('something else').digest('base64');
    const response = await upload(bytes, {
      'keepsake-filename': 'x.jpg',
      'repr-digest': `sha-256=:${wrongDigest}:`,
    });
    expect(response.status).toBe(400);
    expect((await failure(response)).code).toBe('DIGEST_MISMATCH');
    expect(libraryFiles().some((p) => p.includes(sha256(bytes)))).toBe(false);
    expect(uploadRows('x.jpg')).toMatchObject([{ state: 'failed', failureCode: 'DIGEST_MISMATCH' }]);
  });

  it('accepts a matching Repr-Digest', async () => {
    const bytes = Buffer.from('digest me exactly');
    const digest = createHash('sha256').update(bytes).digest('base64');
    const response = await upload(bytes, {
      'keepsake-filename': 'ok.txt',
      'repr-digest': `sha-256=:${digest}:`,
    });
    expect(response.status).toBe(201);
  });

  it('keeps hostile file names as data, never as paths', async () => {
    const bytes = Buffer.from(`hostile ${Date.now()}`);
    const name = encodeURIComponent('../../../etc/passwd');
    const response = await upload(bytes, { 'keepsake-filename': name });
    expect(response.status).toBe(201);
    expect(fs.existsSync(path.join(server.dataDir, '..', 'etc'))).toBe(false);
    const stored = libraryFiles().find((p) => p.includes(sha256(bytes)));
    expect(stored).toBeDefined();
    expect(path.relative(path.join(server.dataDir, 'library'), stored!)).not.toMatch(/\.\./);
  });

  it('names the bad header in a 400', async () => {
    const response = await upload(Buffer.from('x'), { 'keepsake-resource-type': 'hologram' });
    expect(response.status).toBe(400);
    expect((await failure(response)).message).toMatch(/Keepsake-Resource-Type/);
  });
});

describe('thumbnails', () => {
  it.each(['landscape_6.jpg', 'screenshot_issue280.png'])(
    'makes an upright WebP grid thumbnail of %s',
    async (file) => {
      const photo = entry(file);
      const bytes = fs.readFileSync(path.join(corpusDir, photo.file));
      const { assetId } = await result(await upload(bytes, { 'keepsake-filename': photo.file }));
      const thumbnail = await eventually(async () => {
        const response = await fetch(`${server.url}/api/v1/assets/${assetId}/thumbnail`, {
          headers: { authorization: `Bearer ${server.user.deviceKey}` },
        });
        return response.status === 200 ? Buffer.from(await response.arrayBuffer()) : undefined;
      });
      const meta = await sharp(thumbnail).metadata();
      expect(meta.format).toBe('webp');
      // Orientations 5–8 swap width and height; the thumbnail must come out upright.
      const swapped = (photo.orientation ?? 1) >= 5;
      const [w, h] = swapped ? [photo.height!, photo.width!] : [photo.width!, photo.height!];
      expect(Math.min(meta.width, meta.height)).toBe(Math.min(320, Math.min(w, h)));
      expect(Math.sign(meta.width - meta.height)).toBe(Math.sign(w - h));
    },
  );

  it('does not serve another person a thumbnail, or anyone without credentials', async () => {
    const bytes = fs.readFileSync(path.join(corpusDir, 'landscape_1.jpg'));
    const { assetId } = await result(await upload(bytes, { 'keepsake-filename': 'landscape_1.jpg' }));
    const anonymous = await fetch(`${server.url}/api/v1/assets/${assetId}/thumbnail`);
    expect(anonymous.status).toBe(401);
  });
});

describe('GET /api/health', () => {
  it('reports the database and data folder', async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      database: { ok: true },
      dataDir: { ok: true, writable: true },
    });
  });
});
