import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { openDatabase } from '@keepsake/db';
import { errorBodySchema, uploadCheckResponseSchema, uploadResultSchema } from '@keepsake/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../devices/devices.js';
import { isCut, type RawResponse, rawRequest } from '../testing/raw-http.js';
import { corpusDir, eventually, startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ KEEPSAKE_MAX_UPLOAD_BYTES: String(64 * 1024 * 1024) });
});
afterAll(async () => server?.close());

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const auth = () => ({ authorization: `Bearer ${server.user.deviceKey}` });

/** Completeness as each interop version spells it. */
function completeness(version: number, complete: boolean): Record<string, string> {
  return version <= 4
    ? { 'upload-incomplete': complete ? '?0' : '?1' }
    : { 'upload-complete': complete ? '?1' : '?0' };
}

function storedFileSha(result: { sha256: string }): string {
  const dir = path.join(
    server.dataDir,
    'library',
    server.user.id,
    result.sha256.slice(0, 2),
    result.sha256.slice(2, 4),
  );
  const [name] = fs.readdirSync(dir).filter((n) => n.startsWith(result.sha256));
  return sha256(fs.readFileSync(path.join(dir, name!)));
}

function final(response: Awaited<ReturnType<typeof rawRequest>>): RawResponse {
  if (isCut(response)) throw new Error('expected an answer, the connection was cut');
  return response;
}

async function head(location: string, version: number, key = server.user.deviceKey) {
  return final(
    await rawRequest(location, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${key}`, 'upload-draft-interop-version': version },
    }),
  );
}

/** A deterministic pseudo-random cut point, so a failure can be replayed. */
function cutPoint(size: number, seed: number): number {
  return Math.floor(size * (0.1 + (0.8 * ((seed * 9301 + 49297) % 233280)) / 233280));
}

describe('OPTIONS /api/v1/uploads', () => {
  it('advertises the size limit as a structured-field dictionary', async () => {
    const response = await fetch(`${server.url}/api/v1/uploads`, { method: 'OPTIONS' });
    expect(response.status).toBe(200);
    expect(response.headers.get('upload-limit')).toBe(`max-size=${64 * 1024 * 1024}`);
  });
});

describe.each([3, 5, 6, 8])('resumable uploads, interop version %i', (version) => {
  const creationHeaders = (body: Buffer, complete: boolean, extra: Record<string, string> = {}) => ({
    ...auth(),
    'upload-draft-interop-version': version,
    ...completeness(version, complete),
    ...(version >= 8 ? { 'upload-length': body.length } : {}),
    'content-length': body.length,
    'keepsake-filename': `interop-${version}.bin`,
    ...extra,
  });

  it('sends 104 with the upload URL before answering 201 for a whole upload', async () => {
    const body = randomBytes(200_000);
    const response = final(
      await rawRequest(`${server.url}/api/v1/uploads`, {
        method: 'POST',
        headers: creationHeaders(body, true),
        body,
      }),
    );
    expect(response.status).toBe(201);
    const [info] = response.informational;
    expect(info?.status).toBe(104);
    expect(info?.headers.location).toMatch(new RegExp(`^${server.url}/api/v1/uploads/[0-9a-f-]{36}$`));
    expect(info?.headers['upload-draft-interop-version']).toBe(String(version));
    const result = uploadResultSchema.parse(JSON.parse(response.body));
    expect(response.headers['keepsake-resource-id']).toBe(result.resourceId);
    expect(result.sha256).toBe(sha256(body));
    expect(storedFileSha(result)).toBe(sha256(body));
  });

  it.each([1, 2, 3])('resumes after the connection drops at a random offset (seed %i)', async (seed) => {
    const body = randomBytes(3 * 1024 * 1024 + seed);
    const cut = cutPoint(body.length, seed * version);
    const first = await rawRequest(`${server.url}/api/v1/uploads`, {
      method: 'POST',
      headers: creationHeaders(body, true),
      body,
      cutAfter: cut,
      // Drop only once the bytes are on the server's disk: bytes still in flight when a
      // connection drops are lost, and on a busy machine that can be a lot of them.
      cutWhen: (informational) =>
        eventually(() => {
          const id = informational[0]?.headers.location?.split('/').pop();
          const part = id ? path.join(server.dataDir, 'uploads', `${id}.part`) : undefined;
          return part && fs.existsSync(part) && fs.statSync(part).size === cut ? true : undefined;
        }, 20_000).then(() => undefined),
    });
    expect(isCut(first)).toBe(true);
    const location = first.informational[0]?.headers.location;
    expect(location).toBeDefined();

    const offsetAnswer = await head(location!, version);
    expect(offsetAnswer.status).toBe(204);
    expect(offsetAnswer.headers['cache-control']).toBe('no-store');
    expect(offsetAnswer.headers[version <= 4 ? 'upload-incomplete' : 'upload-complete']).toBe(
      version <= 4 ? '?1' : '?0',
    );
    // Every byte that reached the server before the drop was kept.
    const offset = Number(offsetAnswer.headers['upload-offset']);
    expect(offset).toBe(cut);

    const rest = body.subarray(offset);
    const resumed = final(
      await rawRequest(location!, {
        method: 'PATCH',
        headers: {
          ...auth(),
          'upload-draft-interop-version': version,
          'upload-offset': offset,
          ...completeness(version, true),
          ...(version >= 6 ? { 'content-type': 'application/partial-upload' } : {}),
          'content-length': rest.length,
        },
        body: rest,
      }),
    );
    expect(resumed.status).toBe(201);
    const result = uploadResultSchema.parse(JSON.parse(resumed.body));
    expect(result.size).toBe(body.length);
    expect(storedFileSha(result)).toBe(sha256(body));
    expect(resumed.headers['keepsake-asset-id']).toBe(result.assetId);
  });

  it('stores a first part, waits for more, and finishes with PATCH', async () => {
    const body = randomBytes(500_000);
    const part = body.subarray(0, 123_456);
    const created = final(
      await rawRequest(`${server.url}/api/v1/uploads`, {
        method: 'POST',
        headers: {
          ...creationHeaders(body, false),
          'content-length': part.length,
          'upload-length': body.length,
        },
        body: part,
      }),
    );
    expect(created.status).toBe(201);
    expect(created.headers['upload-offset']).toBe(String(part.length));
    const location = created.headers.location!;
    const rest = body.subarray(part.length);
    const done = final(
      await rawRequest(location, {
        method: 'PATCH',
        headers: {
          ...auth(),
          'upload-draft-interop-version': version,
          'upload-offset': part.length,
          ...completeness(version, true),
        },
        body: rest,
      }),
    );
    expect(done.status).toBe(201);
    expect(storedFileSha(JSON.parse(done.body))).toBe(sha256(body));
  });
});

describe('resumable upload errors', () => {
  async function startIncomplete(size = 100_000, headers: Record<string, string> = {}) {
    const body = randomBytes(size);
    const part = body.subarray(0, 1000);
    const created = final(
      await rawRequest(`${server.url}/api/v1/uploads`, {
        method: 'POST',
        headers: {
          ...auth(),
          'upload-draft-interop-version': 8,
          'upload-complete': '?0',
          'upload-length': size,
          ...headers,
        },
        body: part,
      }),
    );
    expect(created.status).toBe(201);
    return {
      body,
      location: created.headers.location!,
      uploadId: created.headers.location!.split('/').pop()!,
    };
  }

  it('answers a wrong offset with 409 and the true offset', async () => {
    const { location } = await startIncomplete();
    const response = final(
      await rawRequest(location, {
        method: 'PATCH',
        headers: {
          ...auth(),
          'upload-draft-interop-version': 8,
          'upload-offset': 5000,
          'upload-complete': '?0',
        },
        body: Buffer.from('x'),
      }),
    );
    expect(response.status).toBe(409);
    expect(response.headers['upload-offset']).toBe('1000');
    expect(JSON.parse(response.body).error.code).toBe('OFFSET_MISMATCH');
  });

  it('refuses bytes that do not match Repr-Digest after resumption, storing nothing', async () => {
    const wrong = createHash('sha256').update('other').digest('base64');
    const { body, location } = await startIncomplete(50_000, { 'repr-digest': `sha-256=:${wrong}:` });
    const response = final(
      await rawRequest(location, {
        method: 'PATCH',
        headers: {
          ...auth(),
          'upload-draft-interop-version': 8,
          'upload-offset': 1000,
          'upload-complete': '?1',
        },
        body: body.subarray(1000),
      }),
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe('DIGEST_MISMATCH');
    expect((await head(location, 8)).status).toBe(410);
  });

  it('fails an upload for good, naming the disk, when its bytes cannot be flushed', async () => {
    const { body, location, uploadId } = await startIncomplete(3 * 1024 * 1024);
    // A device that takes writes but refuses to flush them (EINVAL), in place of a failing disk.
    const part = path.join(server.dataDir, 'uploads', `${uploadId}.part`);
    fs.rmSync(part);
    fs.symlinkSync('/dev/null', part);
    await rawRequest(location, {
      method: 'PATCH',
      headers: {
        ...auth(),
        'upload-draft-interop-version': 8,
        'upload-offset': 0,
        'upload-complete': '?1',
      },
      body,
    }).catch(() => undefined);
    const db = openDatabase(path.join(server.dataDir, 'keepsake.sqlite'));
    const row = db.sqlite
      .prepare('select state, failure_code as code, failure_message as message from uploads where id = ?')
      .get(uploadId) as { state: string; code: string; message: string };
    db.close();
    expect(row).toMatchObject({ state: 'failed', code: 'INTERNAL' });
    expect(row.message).toMatch(/failed to write this upload \(EINVAL\).*Check the disk/);
    expect(fs.existsSync(part)).toBe(false);
    const status = await fetch(location, { headers: auth() });
    expect(await status.json()).toMatchObject({ state: 'failed', failure: { code: 'INTERNAL' } });
    // Answered half-way through its body, the request's connection is closed rather than left
    // with the rest of the body on it: a next request (here through the same keep-alive agent)
    // waited ~70 s on it.
    const started = Date.now();
    expect((await head(location, 8)).status).toBe(410);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('cancels with DELETE and frees the partial bytes', async () => {
    const { location, uploadId } = await startIncomplete();
    const response = await fetch(location, { method: 'DELETE', headers: auth() });
    expect(response.status).toBe(204);
    expect(fs.existsSync(path.join(server.dataDir, 'uploads', `${uploadId}.part`))).toBe(false);
    expect((await head(location, 8)).status).toBe(410);
  });

  it('expires idle unfinished uploads: 410 afterwards and the space is freed', async () => {
    const { location, uploadId } = await startIncomplete();
    await server.keepsake.uploads.expireStale(new Date(Date.now() + 8 * 24 * 3600_000));
    expect((await head(location, 8)).status).toBe(410);
    expect(fs.existsSync(path.join(server.dataDir, 'uploads', `${uploadId}.part`))).toBe(false);
    const status = await (await fetch(location, { headers: auth() })).json();
    expect(status).toMatchObject({ state: 'expired', failure: { code: 'UPLOAD_GONE' } });
  });

  it('deletes a staged file whose record a power cut took, and keeps uploads still receiving', async () => {
    const { location, uploadId } = await startIncomplete();
    // A plain upload's record is not fsynced before its answer: after a power cut its staged
    // bytes can be on disk with no record at all.
    const orphan = path.join(server.dataDir, 'uploads', `${crypto.randomUUID()}.part`);
    fs.writeFileSync(orphan, randomBytes(1000));
    await server.keepsake.uploads.expireStale();
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(path.join(server.dataDir, 'uploads', `${uploadId}.part`))).toBe(true);
    expect((await head(location, 8)).headers['upload-offset']).toBe('1000');
  });

  it('answers a repeated final PATCH with the same ids instead of an error', async () => {
    const { body, location } = await startIncomplete(20_000);
    const finish = () =>
      rawRequest(location, {
        method: 'PATCH',
        headers: {
          ...auth(),
          'upload-draft-interop-version': 8,
          'upload-offset': 1000,
          'upload-complete': '?1',
        },
        body: body.subarray(1000),
      });
    const first = final(await finish());
    const again = final(await finish());
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers['keepsake-resource-id']).toBe(first.headers['keepsake-resource-id']);
  });

  it("hides one person's upload from another (404) and refuses a revoked key (401)", async () => {
    const { location } = await startIncomplete();
    const other = await server.addUser(`other-${Date.now()}@example.com`);
    expect((await head(location, 8, other.deviceKey)).status).toBe(404);
    const revoked = await fetch(`${server.url}/api/v1/uploads/check`, {
      method: 'POST',
      headers: { authorization: 'Bearer ksk_revoked-or-unknown', 'content-type': 'application/json' },
      body: JSON.stringify({ entries: [{ id: '1', sha256: 'a'.repeat(64) }] }),
    });
    expect(revoked.status).toBe(401);
  });

  it('refuses the next request of an upload in progress once its device key is revoked', async () => {
    const other = await server.addUser(`revoked-${Date.now()}@example.com`);
    const created = final(
      await rawRequest(`${server.url}/api/v1/uploads`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${other.deviceKey}`,
          'upload-draft-interop-version': 8,
          'upload-complete': '?0',
          'upload-length': 2000,
        },
        body: randomBytes(1000),
      }),
    );
    expect(created.status).toBe(201);
    const db = openDatabase(path.join(server.dataDir, 'keepsake.sqlite'));
    revokeDevice(db.db, other.id, other.deviceId);
    db.close();
    const next = final(
      await rawRequest(created.headers.location!, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${other.deviceKey}`,
          'upload-draft-interop-version': 8,
          'upload-offset': 1000,
          'upload-complete': '?1',
        },
        body: randomBytes(1000),
      }),
    );
    expect(next.status).toBe(401);
  });

  it('refuses an Upload-Length over the limit with 413 before reading the body', async () => {
    const response = final(
      await rawRequest(`${server.url}/api/v1/uploads`, {
        method: 'POST',
        headers: {
          ...auth(),
          'upload-draft-interop-version': 8,
          'upload-complete': '?0',
          'upload-length': 65 * 1024 * 1024,
        },
        body: Buffer.from('x'),
      }),
    );
    expect(response.status).toBe(413);
    expect(response.informational).toEqual([]);
  });

  it('refuses an unknown interop version, naming the versions it speaks', async () => {
    const response = await fetch(`${server.url}/api/v1/uploads`, {
      method: 'POST',
      headers: { ...auth(), 'upload-draft-interop-version': '99' },
      body: Buffer.from('x'),
    });
    expect(response.status).toBe(400);
    expect(errorBodySchema.parse(await response.json()).error.message).toMatch(/versions 3 to 8/);
  });
});

describe('metadata headers', () => {
  it('keeps a percent-encoded unicode file name as the resource name', async () => {
    const name = 'Été 2026 – 夏の写真 📷.HEIC';
    const response = await fetch(`${server.url}/api/v1/uploads`, {
      method: 'PUT',
      headers: {
        ...auth(),
        'keepsake-filename': encodeURIComponent(name),
        'keepsake-asset-id': 'ABC-123/L0/001',
        'keepsake-resource-type': 'photo',
        'keepsake-created-at': '2026-07-14T18:30:00+02:00',
        'keepsake-favorite': 'true',
        'keepsake-location': '48.8584,2.2945',
      },
      body: randomBytes(1000),
    });
    expect(response.status).toBe(201);
    const location = `${server.url}/api/v1/uploads`;
    const list = await fetch(`${location}/check`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ entries: [{ id: 'x', assetId: 'ABC-123/L0/001', resourceType: 'photo' }] }),
    });
    expect(uploadCheckResponseSchema.parse(await list.json()).results[0]).toMatchObject({
      id: 'x',
      exists: true,
    });
  });

  it.each([
    ['keepsake-created-at', 'yesterday', /Keepsake-Created-At/],
    ['keepsake-location', '91,0', /Keepsake-Location/],
    ['keepsake-favorite', 'maybe', /Keepsake-Favorite/],
    ['keepsake-filename', '%E0%A4%A', /percent-encoded/],
    ['repr-digest', 'sha-256=:AAAA:', /32 bytes/],
  ])('refuses a bad %s with 400 naming it', async (header, value, message) => {
    const response = await fetch(`${server.url}/api/v1/uploads`, {
      method: 'PUT',
      headers: { ...auth(), [header]: value },
      body: Buffer.from('x'),
    });
    expect(response.status).toBe(400);
    expect(errorBodySchema.parse(await response.json()).error.message).toMatch(message);
  });
});

describe('POST /api/v1/uploads/check', () => {
  it('tells what is stored by content or by asset id, for thousands of entries at once', async () => {
    const bytes = fs.readFileSync(path.join(corpusDir, 'portrait_2.jpg'));
    const stored = uploadResultSchema.parse(
      await (
        await fetch(`${server.url}/api/v1/uploads`, {
          method: 'PUT',
          headers: {
            ...auth(),
            'keepsake-filename': 'portrait_2.jpg',
            'keepsake-asset-id': 'PHONE-ASSET-1',
            'keepsake-modified-at': '2026-01-02T03:04:05Z',
          },
          body: bytes,
        })
      ).json(),
    );
    // Some ids beyond ASCII: the answer is sent in parts under one Content-Length in bytes.
    const missing = Array.from({ length: 4996 }, (_, i) => ({
      id: i % 7 ? `m${i}` : `m${i}-Grüße-📷`,
      sha256: sha256(Buffer.from(`missing ${i}`)),
    }));
    const response = await fetch(`${server.url}/api/v1/uploads/check`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({
        entries: [
          { id: 'by-content', sha256: sha256(bytes), size: bytes.length },
          { id: 'wrong-size', sha256: sha256(bytes), size: bytes.length + 1 },
          {
            id: 'by-asset',
            assetId: 'PHONE-ASSET-1',
            resourceType: 'photo',
            modifiedAt: '2026-01-02T03:04:05Z',
          },
          {
            id: 'edited-since',
            assetId: 'PHONE-ASSET-1',
            resourceType: 'photo',
            modifiedAt: '2026-02-02T00:00:00Z',
          },
          ...missing,
        ],
      }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    const { results } = uploadCheckResponseSchema.parse(JSON.parse(text));
    expect(results).toHaveLength(5000);
    expect(results.map((r) => r.id).slice(4)).toEqual(missing.map((m) => m.id));
    expect(results[0]).toEqual({
      id: 'by-content',
      exists: true,
      assetId: stored.assetId,
      resourceId: stored.resourceId,
    });
    expect(results[1]).toEqual({ id: 'wrong-size', exists: false });
    expect(results[2]).toEqual({
      id: 'by-asset',
      exists: true,
      assetId: stored.assetId,
      resourceId: stored.resourceId,
    });
    expect(results[3]).toEqual({ id: 'edited-since', exists: false });
    expect(results.slice(4).every((r) => !r.exists)).toBe(true);
  });

  it('refuses a body that is not JSON, or not JSON at all, saying what to send', async () => {
    for (const [contentType, body, status, message] of [
      ['application/json', '{"entries": [', 400, /not JSON/],
      ['application/json', '{"entries": [{"id": "a"}]}', 400, /entries\.0: each entry needs sha256/],
      ['text/plain', '{"entries": []}', 415, /./],
    ] as const) {
      const response = await fetch(`${server.url}/api/v1/uploads/check`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': contentType },
        body,
      });
      expect(response.status).toBe(status);
      expect(errorBodySchema.parse(await response.json()).error.message).toMatch(message);
    }
  });

  it('holds the check threads’ memory only while answering: answered, refused, or hung up on', async () => {
    const threads = server.keepsake.checkThreads;
    const entries = (tag: string) =>
      Array.from({ length: 5000 }, (_, i) => ({
        id: `${tag}-${i}`,
        sha256: sha256(Buffer.from(`${tag} ${i}`)),
      }));
    const ask = (body: string) =>
      fetch(`${server.url}/api/v1/uploads/check`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json' },
        body,
      });
    // Three at once, more than the shared memory's two places: each gets its own answer.
    const answers = await Promise.all(
      ['a', 'b', 'c'].map((tag) => ask(JSON.stringify({ entries: entries(tag) }))),
    );
    for (const [n, tag] of ['a', 'b', 'c'].entries()) {
      const { results } = uploadCheckResponseSchema.parse(await answers[n]?.json());
      expect(results.map((r) => r.id)).toEqual(entries(tag).map((e) => e.id));
    }
    const refused = [...entries('d').slice(0, 4000), { id: 'bad', sha256: 'not a hash' }];
    expect((await ask(JSON.stringify({ entries: refused }))).status).toBe(400);
    // A phone that hangs up while the threads answer, and one that hangs up mid-body.
    const body = Buffer.from(JSON.stringify({ entries: entries('e') }));
    for (const cutAfter of [body.length, body.length >> 1]) {
      const hungUp = await rawRequest(`${server.url}/api/v1/uploads/check`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json', 'content-length': body.length },
        body,
        cutAfter,
        cutWhen: () => new Promise((done) => setTimeout(done, 5)),
      });
      expect(isCut(hungUp)).toBe(true);
    }
    await eventually(() => (threads.freeSlots === 2 ? true : undefined));
    const after = uploadCheckResponseSchema.parse(
      await (await ask(JSON.stringify({ entries: entries('f') }))).json(),
    );
    expect(after.results.map((r) => r.id)).toEqual(entries('f').map((e) => e.id));
  });

  it('refuses a check body over 4 MiB, declared or sent in chunks, saying what to send', async () => {
    const huge = Buffer.alloc(4 * 1024 * 1024 + 1, 0x20);
    // Refused from its headers alone: nothing of the body need be sent (so none is left in flight
    // when the server closes the connection).
    const declared = final(
      await rawRequest(`${server.url}/api/v1/uploads/check`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json', 'content-length': huge.length },
        body: Buffer.alloc(0),
      }),
    );
    expect(declared.status).toBe(413);
    expect(declared.headers.connection).toBe('close');
    expect(errorBodySchema.parse(JSON.parse(declared.body)).error.message).toMatch(
      /larger than 4 MiB.*5,000 entries/,
    );
    // No Content-Length: the body comes chunked, and the limit is found while reading it. The
    // request never ends, so the server must answer before the body does.
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(`${server.url}/api/v1/uploads/check`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      request.on('error', reject);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
          request.destroy();
        });
      });
      request.write(huge);
    });
    expect(chunked.status).toBe(413);
    expect(errorBodySchema.parse(JSON.parse(chunked.body)).error.message).toMatch(/larger than 4 MiB/);
  });

  it('refuses more than 5,000 entries with a message saying so', async () => {
    const entries = Array.from({ length: 5001 }, (_, i) => ({ id: String(i), sha256: 'a'.repeat(64) }));
    const response = await fetch(`${server.url}/api/v1/uploads/check`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ entries }),
    });
    expect(response.status).toBe(400);
    expect(errorBodySchema.parse(await response.json()).error.message).toMatch(/5,000/);
  });
});
