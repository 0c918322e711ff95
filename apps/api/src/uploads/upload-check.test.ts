import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { schema } from '@keepsake/db';
import { type UploadCheckEntry, type User, uploadCheckResponseSchema } from '@keepsake/shared';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pairLivePhoto } from '../assets/live-photo.js';
import { createUser } from '../auth/users.js';
import { addDevice } from '../devices/devices.js';
import { KeepsakeError } from '../errors.js';
import { seedAsset } from '../testing/seed-library.js';
import { tempDatabase } from '../testing/temp-db.js';
import type { Caller } from './caller.js';
import { answerCheckPiece, type CheckAnswerParts, joinPieces, lookupSql } from './check-answer.js';
import { CheckThreads } from './check-threads.js';
import { CheckBody, checkUploads } from './upload-check.js';

const { assets, files, resources } = schema;
let database: ReturnType<typeof tempDatabase>;
let threads: CheckThreads;
let user: User;
let deviceId: string;

beforeEach(async () => {
  database = tempDatabase();
  threads = new CheckThreads(database.sqlite.name);
  user = await createUser(database.db, {
    email: 'me@example.com',
    password: 'a long password',
    role: 'member',
  });
  deviceId = addDevice(database.db, user.id, 'iPhone').id;
});
afterEach(async () => {
  await threads.close();
  database.cleanup();
});

/** An asset the phone sent, as the check finds it: by content and by the phone's asset id. */
function stored(n: number) {
  const seeded = seedAsset(database.db, user.id, { deviceId, type: 'photo' });
  const deviceAssetId = `PHONE-${n}/L0/001`;
  database.db.update(assets).set({ deviceAssetId }).where(eq(assets.id, seeded.assetId)).run();
  const file = database.db.select().from(files).where(eq(files.id, seeded.fileId)).get();
  return { ...seeded, deviceAssetId, sha256: file?.sha256 ?? '', size: file?.size ?? 0 };
}

const unknownHash = (n: number) => createHash('sha256').update(`not stored ${n}`).digest('hex');
const body = (entries: unknown) => Buffer.from(JSON.stringify({ entries }));
/** The parts as one text, as the route sends them one after another (some are bytes). */
const text = (parts: CheckAnswerParts | undefined) =>
  Buffer.concat(
    (parts ?? []).map((part) => (typeof part === 'string' ? Buffer.from(part) : part)),
  ).toString();
/** The answer as a phone reads it, checked against the published schema. */
const answered = (parts: CheckAnswerParts) =>
  uploadCheckResponseSchema.parse(JSON.parse(text(parts))).results;
/** The answer to a check whose body is `request`, its parts copied before the route would let go. */
async function check(caller: Caller, request: Buffer): Promise<CheckAnswerParts> {
  const { parts, letGo } = await checkUploads(database.db, threads, caller, new CheckBody([request]));
  const copied = parts.map((part) => (typeof part === 'string' ? part : Buffer.from(part)));
  letGo();
  return copied;
}
/** The answer to the test phone's check of these entries. */
const askedByPhone = async (entries: unknown[]) =>
  answered(await check({ userId: user.id, deviceId }, body(entries)));

describe('the upload check', () => {
  /** What a phone asks about `known` assets: by content, by asset id, and things never sent. */
  function entriesFor(known: ReturnType<typeof stored>[]): UploadCheckEntry[] {
    return [
      ...known.map((k) => ({ id: `c-${k.deviceAssetId}`, sha256: k.sha256, size: k.size })),
      ...known.map((k) => ({
        id: `a-${k.deviceAssetId}`,
        assetId: k.deviceAssetId,
        resourceType: 'photo' as const,
      })),
      ...Array.from({ length: 400 }, (_, n) => ({ id: `new-${n}`, sha256: unknownHash(n) })),
      { id: 'new-asset', assetId: 'PHONE-NEW/L0/001' },
    ];
  }

  it('answers on the threads exactly as on the event loop’s connection, in the entries’ order', async () => {
    const known = Array.from({ length: 700 }, (_, n) => stored(n));
    const request = body(entriesFor(known));
    expect(request.byteLength).toBeGreaterThan(128 * 1024);

    const inline = joinPieces([
      answerCheckPiece(database.sqlite, { userId: user.id, deviceId }, request, { part: 0, parts: 1 }),
    ]);
    const threaded = await check({ userId: user.id, deviceId }, request);
    expect(text(threaded)).toBe(text(inline));
    const results = answered(threaded);
    expect(results.map((r) => r.id)).toEqual(entriesFor(known).map((e) => e.id));
    expect(results.filter((r) => r.exists)).toHaveLength(1400);
    expect(results.find((r) => r.id === `a-${known[5]?.deviceAssetId}`)).toEqual({
      id: `a-${known[5]?.deviceAssetId}`,
      exists: true,
      assetId: known[5]?.assetId,
      resourceId: known[5]?.resourceId,
    });
    expect(results.find((r) => r.id === `c-${known[699]?.deviceAssetId}`)).toEqual({
      id: `c-${known[699]?.deviceAssetId}`,
      exists: true,
      assetId: known[699]?.assetId,
      resourceId: known[699]?.resourceId,
    });
  });

  it('answers a large check with what was committed just before it', async () => {
    const known = Array.from({ length: 700 }, (_, n) => stored(n));
    const caller = { userId: user.id, deviceId };
    await check(caller, body(entriesFor(known)));

    // The threads' connections are open now; a photo recorded on the event loop's connection
    // is in the very next answer.
    const late = stored(9999);
    const second = answered(
      await check(caller, body([...entriesFor(known), { id: 'late', sha256: late.sha256, size: late.size }])),
    );
    expect(second.at(-1)).toEqual({
      id: 'late',
      exists: true,
      assetId: late.assetId,
      resourceId: late.resourceId,
    });
  });

  it('holds no body once its chunks are copied, on the threads as inline', async () => {
    const caller = { userId: user.id, deviceId };
    const entries = Array.from({ length: 2000 }, (_, n) => ({ id: `n-${n}`, sha256: unknownHash(n) }));
    for (const request of [body(entries.slice(0, 3)), body(entries)]) {
      const checked = new CheckBody([request.subarray(0, 10), request.subarray(10)]);
      const answer = checkUploads(database.db, threads, caller, checked);
      expect(() => checked.take()).toThrow('already taken');
      const { parts, letGo } = await answer;
      expect(answered(parts)).toHaveLength(JSON.parse(request.toString()).entries.length);
      letGo();
    }
    // A body's chunks can be collected while the threads answer: held to the end of the check,
    // they outlived the event loop's young collections and brought full ones.
    v8.setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    class HeldThreads extends CheckThreads {
      override async answer(...args: Parameters<CheckThreads['answer']>) {
        await gate;
        return super.answer(...args);
      }
    }
    const held = new HeldThreads(database.sqlite.name);
    const { chunk, answer } = (() => {
      const request = body(entries);
      return {
        chunk: new WeakRef(request),
        answer: checkUploads(database.db, held, caller, new CheckBody([request])),
      };
    })();
    let settled = false;
    void answer.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    collect();
    expect(settled).toBe(false);
    expect(chunk.deref()).toBeUndefined();
    open();
    const { parts, letGo } = await answer;
    expect(answered(parts)).toHaveLength(entries.length);
    letGo();
    await held.close();
  });

  it('refuses a bad request with the first problem, on the threads as inline', async () => {
    const caller = { userId: user.id, deviceId };
    const entries = Array.from({ length: 2000 }, (_, n) => ({ id: `n-${n}`, sha256: unknownHash(n) }));
    const broken = [...entries.slice(0, 1500), { id: 'bad', sha256: 'not a hash' }, ...entries.slice(1500)];
    const cases = [
      { request: body(broken), at: 'entries.1500.sha256' },
      { request: body(broken.slice(1000, 1600)), at: 'entries.500.sha256' },
    ];
    for (const { request, at } of cases) {
      const refused = check(caller, request);
      await expect(refused).rejects.toBeInstanceOf(KeepsakeError);
      await expect(refused).rejects.toThrow(`invalid at ${at}: sha256 must be 64 hexadecimal characters`);
    }
    await expect(check(caller, Buffer.from('{"entries": ['))).rejects.toThrow(/not JSON/);
    await expect(check(caller, body([]))).rejects.toThrow(/invalid at entries/);
    // Over the limit, and in a shape each thread cannot split: the whole body's rules and errors.
    await expect(check(caller, body([...entries, ...entries, ...entries]))).rejects.toThrow(
      'invalid at entries: at most 5,000 entries per request',
    );
    const notJson = body(entries).toString('utf8').replace('"n-1900"', 'n-1900');
    let wholeError = '';
    try {
      JSON.parse(notJson);
    } catch (error) {
      wholeError = (error as Error).message;
    }
    await expect(check(caller, Buffer.from(notJson))).rejects.toThrow(
      `The check request is not JSON (${wholeError})`,
    );
  });

  it('answers a body in any JSON layout, with ids holding anything, the same on the threads as inline', async () => {
    const known = Array.from({ length: 500 }, (_, n) => stored(n));
    const caller = { userId: user.id, deviceId };
    // `},{` and `} , {` inside ids: a piece cut there does not parse, and the body is read whole.
    const odd = ['a,b', '{"x":[1]}', 'quote " and \\ back', 'end\\', 'ünï😀', '], {', 'x},{y', '} , {'];
    const entries = entriesFor(known).map((entry, n) => ({
      ...entry,
      id: `${entry.id} ${odd[n % odd.length]}`,
    }));
    const layouts = [
      JSON.stringify({ entries }, null, 2),
      JSON.stringify({ entries }, null, '\t').replaceAll('\n', '\r\n'),
      ` {"entries" :[ ${entries.map((e) => JSON.stringify(e)).join(' ,\n')} ] } `,
      JSON.stringify({ note: 'another key first', entries }),
    ];
    const expected = entries.map((entry) => entry.id);
    for (const layout of layouts) {
      const request = Buffer.from(layout);
      expect(request.byteLength).toBeGreaterThan(128 * 1024);
      const threaded = await check(caller, request);
      const inline = joinPieces([answerCheckPiece(database.sqlite, caller, request, { part: 0, parts: 1 })]);
      expect(text(threaded)).toBe(text(inline));
      const results = answered(threaded);
      expect(results.map((r) => r.id)).toEqual(expected);
      expect(results.filter((r) => r.exists)).toHaveLength(1000);
    }
  });

  it('names the asset a Live Photo’s clip joined, by the clip’s content and by its type', async () => {
    const still = stored(1);
    const clip = stored(2);
    database.db.update(assets).set({ contentIdentifier: 'CID-1' }).where(eq(assets.id, still.assetId)).run();
    database.db
      .update(assets)
      .set({ contentIdentifier: 'CID-1', kind: 'video' })
      .where(eq(assets.id, clip.assetId))
      .run();
    database.db.update(resources).set({ type: 'video' }).where(eq(resources.id, clip.resourceId)).run();
    expect(database.db.transaction((tx) => pairLivePhoto(tx, user.id, 'CID-1'))).toBe(still.assetId);

    const results = await askedByPhone([
      { id: 'clip-bytes', sha256: clip.sha256, size: clip.size },
      { id: 'still', assetId: still.deviceAssetId },
      { id: 'paired', assetId: still.deviceAssetId, resourceType: 'pairedVideo' },
      // The clip's own asset went with the pairing.
      { id: 'clip-asset', assetId: clip.deviceAssetId, resourceType: 'video' },
    ]);
    expect(results).toEqual([
      { id: 'clip-bytes', exists: true, assetId: still.assetId, resourceId: clip.resourceId },
      { id: 'still', exists: true, assetId: still.assetId, resourceId: still.resourceId },
      { id: 'paired', exists: true, assetId: still.assetId, resourceId: clip.resourceId },
      { id: 'clip-asset', exists: false },
    ]);
  });

  it('matches by content only when the size agrees, and by asset id only for the same version', async () => {
    const photo = stored(1);
    const modifiedAt = '2026-01-02T03:04:05.000Z';
    database.db
      .update(assets)
      .set({ modifiedAt: new Date(modifiedAt) })
      .where(eq(assets.id, photo.assetId))
      .run();
    const results = await askedByPhone([
      { id: 'same', sha256: photo.sha256.toUpperCase(), size: photo.size },
      { id: 'other-size', sha256: photo.sha256, size: photo.size + 1 },
      { id: 'same-version', assetId: photo.deviceAssetId, modifiedAt },
      { id: 'edited', assetId: photo.deviceAssetId, modifiedAt: '2026-02-02T00:00:00Z' },
      { id: 'no-video', assetId: photo.deviceAssetId, resourceType: 'video' },
    ]);
    const found = { exists: true, assetId: photo.assetId, resourceId: photo.resourceId };
    expect(results).toEqual([
      { id: 'same', ...found },
      { id: 'other-size', exists: false },
      { id: 'same-version', ...found },
      { id: 'edited', exists: false },
      { id: 'no-video', exists: false },
    ]);
  });

  it('answers every entry when a phone asks twice, and one asset when two share an id', async () => {
    const photo = stored(1);
    const results = await askedByPhone([
      { id: 'bytes', sha256: photo.sha256 },
      { id: 'asset', assetId: photo.deviceAssetId },
      { id: 'bytes again', sha256: photo.sha256, size: photo.size },
      { id: 'asset again', assetId: photo.deviceAssetId, resourceType: 'photo' },
    ]);
    const found = { exists: true, assetId: photo.assetId, resourceId: photo.resourceId };
    expect(results).toEqual(['bytes', 'asset', 'bytes again', 'asset again'].map((id) => ({ id, ...found })));

    // Uploads without a device (the dashboard, the command line) may repeat a phone's asset id;
    // asked without a device, each entry is answered once, by one of them.
    const twins = [stored(2), stored(3)];
    for (const twin of twins) {
      database.db
        .update(assets)
        .set({ deviceId: null, deviceAssetId: 'TWIN/L0/001' })
        .where(eq(assets.id, twin.assetId))
        .run();
    }
    const entries = [
      { id: 'twin', assetId: 'TWIN/L0/001' },
      { id: 'twin again', assetId: 'TWIN/L0/001' },
    ];
    const fromDashboard = answered(await check({ userId: user.id, deviceId: null }, body(entries)));
    expect(fromDashboard).toHaveLength(2);
    const [first, again] = fromDashboard;
    expect(twins.map((t) => t.assetId)).toContain(first?.assetId);
    expect(again).toEqual({ ...first, id: 'twin again' });
    expect(twins.find((t) => t.assetId === first?.assetId)?.resourceId).toBe(first?.resourceId);
  });
});

describe('the upload check’s lookups', () => {
  it('are one search of one covering index per value, never a table’s rows', () => {
    for (const [name, sql] of Object.entries(lookupSql)) {
      const parameters = (sql.match(/\?/g) ?? []).map((_, i) => (i === 0 ? '[]' : 'x'));
      const plan = database.sqlite
        .prepare(`explain query plan ${sql}`)
        .all(...parameters)
        .map((row) => (row as { detail: string }).detail)
        .filter((detail) => /^(SEARCH|SCAN)/.test(detail));
      // The values' array outside, then for each value a search on the whole key.
      expect(plan, name).toHaveLength(2);
      expect(plan[0], name).toMatch(/^SCAN \w+ VIRTUAL TABLE/);
      expect(plan[1], name).toMatch(/^SEARCH \w+ USING COVERING INDEX \w+ \(.*(sha256|device_asset_id)=\?/);
    }
  });
});
