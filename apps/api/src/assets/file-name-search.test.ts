import { schema } from '@keepsake/db';
import type { User } from '@keepsake/shared';
import { and, desc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users.js';
import { seedAsset } from '../testing/seed-library.js';
import { tempDatabase } from '../testing/temp-db.js';
import { AssetService } from './asset-service.js';
import { fileNameConditions } from './file-name-search.js';

const { assets, resources } = schema;
let database: ReturnType<typeof tempDatabase>;
let me: User;
let other: User;
const start = Date.parse('2026-01-01T00:00:00Z');

beforeEach(async () => {
  database = tempDatabase();
  const person = (email: string) =>
    createUser(database.db, { email, password: 'a long password', role: 'member' });
  me = await person('me@example.com');
  other = await person('other@example.com');
});
afterEach(() => database.cleanup());

/** `count` assets of `userId` named IMG_0000.JPG…, every third one also with an edited version. */
function seedNamed(userId: string, count: number, offset = 0): string[] {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const number = String(offset + n).padStart(4, '0');
    const seeded = seedAsset(database.db, userId, {
      filename: `IMG_${number}.JPG`,
      at: new Date(start + (offset + n) * 60_000),
    });
    if (n % 3 === 0) {
      const { fileId } = seedAsset(database.db, userId, { filename: 'spare.jpg' });
      database.db
        .insert(resources)
        .values({
          assetId: seeded.assetId,
          type: 'adjustmentData',
          filename: `IMG_${number} (edited).JPG`,
          fileId,
        })
        .run();
    }
    ids.push(seeded.assetId);
  }
  return ids;
}

/** Every asset the conditions select, in library order, and the SQL they made. */
function select(text: string, limits: { listed: number; common: number }) {
  const query = database.db
    .select({ id: assets.id })
    .from(assets)
    .where(and(...fileNameConditions(database.db, me.id, text, limits)))
    .orderBy(desc(assets.sortAt), desc(assets.id));
  const { sql, params } = query.toSQL();
  const plan = database.sqlite
    .prepare(`explain query plan ${sql}`)
    .all(...params)
    .map((row) => (row as { detail: string }).detail)
    .join(' | ');
  return { ids: query.all().map((row) => row.id), sql, plan };
}

describe('file-name search', () => {
  it('finds the same assets in the same order whichever way it looks, and only the caller’s', () => {
    const mine = seedNamed(me.id, 40);
    seedNamed(other.id, 40);
    // IMG_0010…IMG_0019: ten assets, three of them matched by both their names.
    const expected = mine.slice(10, 20).reverse();

    const listed = select('img_001', { listed: 100, common: 1000 });
    expect(listed.sql).toContain('json_each');
    expect(listed.ids).toEqual(expected);

    const walkedWithMatches = select('img_001', { listed: 5, common: 1000 });
    expect(walkedWithMatches.sql).toContain('resource_name_rows');
    // Walked in library order, checking each asset against the matches, rather than sorting them.
    expect(walkedWithMatches.plan).toMatch(/SEARCH assets USING (COVERING )?INDEX assets_user_sort_idx/);
    expect(walkedWithMatches.plan).not.toContain('TEMP B-TREE');
    expect(walkedWithMatches.ids).toEqual(expected);

    const walkedWithLike = select('img_001', { listed: 5, common: 10 });
    expect(walkedWithLike.sql).toContain('like');
    expect(walkedWithLike.ids).toEqual(expected);
  });

  it('takes the text literally: quotes, FTS operators and LIKE wildcards find only themselves', () => {
    const name = (filename: string) => seedAsset(database.db, me.id, { filename }).assetId;
    const quoted = name('say "cheese" NEAR me.jpg');
    const percent = name('100%_done.png');
    name('IMG_0001.HEIC');
    const limits = { listed: 100, common: 1000 };
    expect(select('"cheese" NEAR', limits).ids).toEqual([quoted]);
    expect(select('cheese OR x', limits).ids).toEqual([]);
    expect(select('0%_d', limits).ids).toEqual([percent]);
    // Shorter than the index's three characters: LIKE, with the same literal meaning.
    expect(select('%_', limits).ids).toEqual([percent]);
  });

  it('pages through matches in each way, and follows a name that changes', () => {
    const mine = seedNamed(me.id, 30);
    seedNamed(other.id, 30);
    const allPages = (search: string, limits?: { listed: number; common: number }) => {
      const library = new AssetService(database.db, limits);
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page = library.list(me.id, { limit: 4, cursor, filter: { search } });
        ids.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    for (const limits of [undefined, { listed: 5, common: 1000 }, { listed: 5, common: 10 }]) {
      expect(allPages('IMG_00', limits)).toEqual([...mine].reverse());
    }

    // A new version of a photo arrives under another name (record-resource updates the row).
    database.db
      .update(resources)
      .set({ filename: 'Birthday.JPG' })
      .where(eq(resources.assetId, mine[7] as string))
      .run();
    expect(allPages('birthday')).toEqual([mine[7]]);
    expect(allPages('IMG_0007')).toEqual([]);
  });
});
