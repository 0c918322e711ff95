import { schema } from '@keepsake/db';
import type { User } from '@keepsake/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users.js';
import { addDevice } from '../devices/devices.js';
import { seedAsset } from '../testing/seed-library.js';
import { tempDatabase } from '../testing/temp-db.js';
import { callerAs } from '../testing/trpc-caller.js';
import { AssetService } from './asset-service.js';
import { encodeCursor } from './cursor.js';
import { libraryFacets } from './library-facets.js';

let database: ReturnType<typeof tempDatabase>;
let user: User;
const start = Date.parse('2026-01-01T00:00:00Z');
const hour = 3_600_000;

beforeEach(async () => {
  database = tempDatabase();
  user = await createUser(database.db, {
    email: 'me@example.com',
    password: 'a long password',
    role: 'admin',
  });
});
afterEach(() => database.cleanup());

type Filter = Parameters<AssetService['list']>[1]['filter'];

function allPages(query: AssetService, filter: Filter, limit = 7) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = query.list(user.id, { limit, cursor, filter });
    ids.push(...page.items.map((a) => a.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe('the library', () => {
  it('pages newest first, an empty filter exactly like none', () => {
    // Equal capture times force the id tie-breaker across page boundaries.
    for (let i = 0; i < 30; i++)
      seedAsset(database.db, user.id, { at: new Date(start + Math.floor(i / 3) * hour) });
    const query = new AssetService(database.db);
    const expected = query.list(user.id, { limit: 500 }).items;
    expect(allPages(query, {})).toEqual(expected.map((a) => a.id));
    expect(query.list(user.id, { limit: 500, filter: {} }).items).toEqual(expected);
  });

  it("shows a card's thumbnail job state until its thumbnail exists, then the thumbnail", () => {
    const waiting = seedAsset(database.db, user.id, { at: new Date(start) });
    const failed = seedAsset(database.db, user.id, { at: new Date(start + hour) });
    const redone = seedAsset(database.db, user.id, { at: new Date(start + 2 * hour) });
    const untouched = seedAsset(database.db, user.id, { at: new Date(start + 3 * hour) });
    database.db
      .insert(schema.jobs)
      .values([
        { kind: 'thumbnail', subject: waiting.fileId, userId: user.id, state: 'queued' },
        { kind: 'thumbnail', subject: failed.fileId, userId: user.id, state: 'failed' },
        // Made once and running again: the card keeps showing the thumbnail it has.
        { kind: 'thumbnail', subject: redone.fileId, userId: user.id, state: 'running' },
      ])
      .run();
    database.db
      .insert(schema.derivatives)
      .values({
        fileId: redone.fileId,
        kind: 'thumbnail',
        storageKey: 'thumbnails/x.webp',
        contentType: 'image/webp',
        width: 320,
        height: 240,
        size: 100,
      })
      .run();
    const cards = new Map(
      new AssetService(database.db).list(user.id, { limit: 10 }).items.map((a) => [a.id, a.thumbnail]),
    );
    expect(cards.get(waiting.assetId)).toEqual({ state: 'queued', url: null, width: null, height: null });
    expect(cards.get(failed.assetId)).toEqual({ state: 'failed', url: null, width: null, height: null });
    expect(cards.get(redone.assetId)).toEqual({
      state: 'succeeded',
      url: `/api/v1/assets/${redone.assetId}/thumbnail`,
      width: 320,
      height: 240,
    });
    expect(cards.get(untouched.assetId)).toEqual({ state: null, url: null, width: null, height: null });
  });

  it('filters by kind, device, date range, camera and file name, and the filters combine', () => {
    const phone = addDevice(database.db, user.id, 'iPhone');
    const seed = (filename: string, hours: number, more: Parameters<typeof seedAsset>[2] = {}) =>
      seedAsset(database.db, user.id, { filename, at: new Date(start + hours * hour), ...more }).assetId;
    const video = seed('IMG_0001.MOV', 1, {
      kind: 'video',
      deviceId: phone.id,
      make: 'Apple',
      model: 'iPhone 15 Pro',
    });
    const live = seed('IMG_0002.HEIC', 2, {
      kind: 'livePhoto',
      deviceId: phone.id,
      make: 'Apple',
      model: 'iPhone 15 Pro',
    });
    const canon = seed('canon_100%_raw.jpg', 30, { make: 'Canon', model: 'EOS R6' });
    const browser = seed('holiday.png', 50);

    const query = new AssetService(database.db);
    const ids = (filter: Filter) => query.list(user.id, { limit: 100, filter }).items.map((a) => a.id);
    expect(ids({ kind: 'video' })).toEqual([video]);
    expect(ids({ kind: 'livePhoto' })).toEqual([live]);
    expect(ids({ deviceId: phone.id })).toEqual([live, video]);
    expect(ids({ deviceId: null })).toEqual([browser, canon]);
    expect(
      ids({ from: new Date(start + 2 * hour).toISOString(), to: new Date(start + 50 * hour).toISOString() }),
    ).toEqual([canon, live]);
    expect(ids({ make: 'Canon', model: 'EOS R6' })).toEqual([canon]);
    expect(ids({ search: 'img_000' })).toEqual([live, video]);
    // LIKE wildcards in the search are taken literally.
    expect(ids({ search: '100%_' })).toEqual([canon]);
    expect(ids({ search: '%' })).toEqual([canon]);
    expect(ids({ search: 'img', kind: 'video' })).toEqual([video]);
  });

  it('pages through a date range from any cursor: inside it, above it and below it', () => {
    const ids = Array.from(
      { length: 30 },
      (_, day) => seedAsset(database.db, user.id, { at: new Date(start + day * 24 * hour) }).assetId,
    );
    const day = (n: number) => new Date(start + n * 24 * hour).toISOString();
    const range = { from: day(10), to: day(20) };
    const query = new AssetService(database.db);
    const inRange = ids.slice(10, 20).reverse();
    expect(allPages(query, range, 3)).toEqual(inRange);
    const cursorAt = (n: number) => encodeCursor({ sortAt: start + n * 24 * hour, id: ids[n] as string });
    const page = (cursor: string) =>
      query.list(user.id, { limit: 100, cursor, filter: range }).items.map((a) => a.id);
    // A cursor above the range (the person scrolled there before filtering) starts at its top.
    expect(page(cursorAt(25))).toEqual(inRange);
    expect(page(cursorAt(15))).toEqual(ids.slice(10, 15).reverse());
    expect(page(cursorAt(5))).toEqual([]);
    // The asset view's previous and next stay within the range too.
    const around = (n: number) => {
      const { previous, next } = query.neighbours(user.id, ids[n] as string, range);
      return [previous?.id ?? null, next?.id ?? null];
    };
    expect(around(15)).toEqual([ids[16], ids[14]]);
    expect(around(19)).toEqual([null, ids[18]]);
    expect(around(10)).toEqual([ids[11], null]);
  });

  it('offers facets: kinds, devices, cameras and the date range', () => {
    const phone = addDevice(database.db, user.id, 'iPhone');
    seedAsset(database.db, user.id, {
      deviceId: phone.id,
      make: 'Apple',
      model: 'iPhone 15 Pro',
      at: new Date(start),
    });
    seedAsset(database.db, user.id, {
      deviceId: phone.id,
      make: 'Apple',
      model: 'iPhone 15 Pro',
      kind: 'video',
    });
    seedAsset(database.db, user.id, { at: new Date(start + 5 * hour) });
    const facets = libraryFacets(database.db, user.id);
    expect(facets.total).toBe(3);
    expect(facets.kinds).toEqual(
      expect.arrayContaining([
        { kind: 'photo', count: 2 },
        { kind: 'video', count: 1 },
      ]),
    );
    expect(facets.devices).toEqual([
      { id: phone.id, name: 'iPhone', count: 2 },
      { id: null, name: 'Uploaded from the dashboard', count: 1 },
    ]);
    expect(facets.cameras).toEqual([{ make: 'Apple', model: 'iPhone 15 Pro', count: 2 }]);
    expect(facets.oldest).toBe(new Date(start).toISOString());
  });

  it('finds the neighbours of an asset within the filter, through the router', async () => {
    const a = seedAsset(database.db, user.id, { at: new Date(start + 3 * hour) }).assetId;
    const b = seedAsset(database.db, user.id, { at: new Date(start + 2 * hour), kind: 'video' }).assetId;
    const c = seedAsset(database.db, user.id, { at: new Date(start + hour) }).assetId;
    const caller = callerAs(database.db, user);
    const around = await caller.library.neighbours({ id: b });
    expect([around.previous?.id, around.next?.id]).toEqual([a, c]);
    const photos = await caller.library.neighbours({ id: a, filter: { kind: 'photo' } });
    expect([photos.previous, photos.next?.id]).toEqual([null, c]);
    const other = await createUser(database.db, {
      email: 'o@example.com',
      password: 'a long password',
      role: 'member',
    });
    await expect(callerAs(database.db, other).library.neighbours({ id: a })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
