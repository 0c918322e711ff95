import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './client.js';
import { migrationsFolder } from './migrate.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keepsake-migrate-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A database as a Keepsake that shipped migrations up to `tag` left it. */
function databaseUpTo(tag: string): string {
  const folder = tempDir();
  fs.cpSync(migrationsFolder, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta/_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8'));
  const last = journal.entries.findIndex((entry: { tag: string }) => entry.tag === tag);
  expect(last).toBeGreaterThanOrEqual(0);
  journal.entries = journal.entries.slice(0, last + 1);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  const file = path.join(tempDir(), 'keepsake.sqlite');
  const sqlite = new Database(file);
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  sqlite.close();
  return file;
}

const now = Date.now();
/** A person, in plain SQL as every schema since 0000 takes it. */
function addPerson(sqlite: Database.Database, id: string): void {
  sqlite
    .prepare("insert into users (id, email, password_hash, created_at) values (?, ?, 'x', ?)")
    .run(id, `${id}@example.com`, now);
}
/** A stored file of `userId`, its hash made from its id. */
function addFile(sqlite: Database.Database, id: string, userId: string, size = 1): void {
  sqlite
    .prepare(
      'insert into files (id, user_id, sha256, size, storage_key, created_at) values (?, ?, ?, ?, ?, ?)',
    )
    .run(id, userId, createHash('sha256').update(id).digest('hex'), size, `library/${userId}/${id}`, now);
}

/** A thumbnail or preview of file `fileId`, made at `at`. */
function addDerivative(
  sqlite: Database.Database,
  id: string,
  fileId: string,
  kind: string,
  size: number,
  at = now,
): void {
  sqlite
    .prepare(
      "insert into derivatives (id, file_id, kind, storage_key, content_type, width, height, size, created_at) values (?, ?, ?, ?, 'image/webp', 1, 1, ?, ?)",
    )
    .run(id, fileId, kind, `derived/${id}`, size, at);
}

describe('migrations', () => {
  it('tells which migrations an existing database is about to get, and says nothing for a new or current one', () => {
    const tags = (
      JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
        entries: { tag: string }[];
      }
    ).entries.map((entry) => entry.tag);
    const told: string[][] = [];
    const onUpgrade = (migrations: string[]) => told.push(migrations);

    openDatabase(databaseUpTo(tags.at(-3) as string), { onUpgrade }).close();
    expect(told).toEqual([tags.slice(-2)]);

    const current = path.join(tempDir(), 'keepsake.sqlite');
    openDatabase(current, { onUpgrade }).close();
    openDatabase(current, { onUpgrade }).close();
    expect(told).toHaveLength(1);
  });

  it('0007 gives every existing job the owner of its file', () => {
    const file = databaseUpTo('0006_library_filter_order');
    const before = new Database(file);
    addPerson(before, 'ann');
    addPerson(before, 'bob');
    addFile(before, 'f-ann', 'ann');
    addFile(before, 'f-bob', 'bob');
    const addJob = before.prepare(
      "insert into jobs (id, kind, subject, state, run_at, created_at, updated_at) values (?, ?, ?, 'succeeded', ?, ?, ?)",
    );
    addJob.run('j1', 'thumbnail', 'f-ann', now, now, now);
    addJob.run('j2', 'metadata', 'f-bob', now, now, now);
    before.close();

    const { sqlite, close } = openDatabase(file);
    const owners = sqlite.prepare('select id, user_id as userId from jobs order by id').all();
    expect(owners).toEqual([
      { id: 'j1', userId: 'ann' },
      { id: 'j2', userId: 'bob' },
    ]);
    // A person's counts come from the new index alone.
    const plan = sqlite
      .prepare(
        "explain query plan select kind, state, count(*) from jobs where user_id = 'ann' group by state, kind",
      )
      .all()
      .map((row) => (row as { detail: string }).detail)
      .join(' ');
    expect(plan).toContain('COVERING INDEX jobs_user_state_kind_idx');
    close();
  });

  it("0008 counts each person's stored bytes, and keeps the count as files come and go", () => {
    const file = databaseUpTo('0007_jobs_owner');
    const before = new Database(file);
    addPerson(before, 'ann');
    addFile(before, 'f1', 'ann', 1000);
    addFile(before, 'f2', 'ann', 234);
    before.close();

    const { sqlite, close } = openDatabase(file);
    const used = () => sqlite.prepare("select used_bytes from users where id = 'ann'").pluck().get();
    expect(used()).toBe(1234);
    addFile(sqlite, 'f3', 'ann', 66);
    expect(used()).toBe(1300);
    sqlite.prepare("delete from files where id = 'f1'").run();
    expect(used()).toBe(300);
    close();
  });

  it("0012 sums each person's thumbnails and previews, and keeps the sum as they are made, remade and deleted", () => {
    const file = databaseUpTo('0011_upload_check_covering');
    const before = new Database(file);
    addPerson(before, 'ann');
    addPerson(before, 'bob');
    addFile(before, 'f1', 'ann');
    addFile(before, 'f2', 'ann');
    addFile(before, 'f3', 'bob');
    addDerivative(before, 'd1', 'f1', 'thumbnail', 100);
    addDerivative(before, 'd2', 'f1', 'preview', 1000);
    addDerivative(before, 'd3', 'f3', 'thumbnail', 7);
    before.close();

    const { sqlite, close } = openDatabase(file);
    const bytes = () =>
      sqlite.prepare('select id, derivative_bytes as bytes from users order by id').all() as {
        id: string;
        bytes: number;
      }[];
    expect(bytes()).toEqual([
      { id: 'ann', bytes: 1100 },
      { id: 'bob', bytes: 7 },
    ]);
    addDerivative(sqlite, 'd4', 'f2', 'thumbnail', 50);
    // A thumbnail made again replaces the row (the job's upsert).
    sqlite
      .prepare(
        "insert into derivatives (id, file_id, kind, storage_key, content_type, width, height, size, created_at) values ('d5', 'f1', 'thumbnail', 'derived/d5', 'image/webp', 1, 1, 120, ?) on conflict (file_id, kind) do update set size = excluded.size",
      )
      .run(now);
    expect(bytes()).toEqual([
      { id: 'ann', bytes: 1170 },
      { id: 'bob', bytes: 7 },
    ]);
    sqlite.prepare("delete from derivatives where id = 'd4'").run();
    expect(bytes()[0]).toEqual({ id: 'ann', bytes: 1120 });
    // Deleting a file takes its derivatives (and their bytes) with it.
    sqlite.prepare("delete from files where id = 'f1'").run();
    expect(sqlite.prepare("select count(*) from derivatives where file_id = 'f1'").pluck().get()).toBe(0);
    expect(bytes()).toEqual([
      { id: 'ann', bytes: 0 },
      { id: 'bob', bytes: 7 },
    ]);
    close();
  });

  it('0013 counts assets by kind and jobs by kind and state, and keeps the counts as rows change', () => {
    const file = databaseUpTo('0012_derivative_bytes');
    const before = new Database(file);
    addPerson(before, 'ann');
    addFile(before, 'f1', 'ann');
    addFile(before, 'f2', 'ann');
    const addAsset = (sqlite: Database.Database, id: string, kind: string) =>
      sqlite
        .prepare("insert into assets (id, user_id, kind, sort_at, created_at) values (?, 'ann', ?, ?, ?)")
        .run(id, kind, now, now);
    const addJob = (
      sqlite: Database.Database,
      id: string,
      subject: string,
      userId: string | null,
      state: string,
    ) =>
      sqlite
        .prepare(
          "insert into jobs (id, kind, subject, user_id, state, run_at, created_at, updated_at) values (?, 'thumbnail', ?, ?, ?, ?, ?, ?)",
        )
        .run(id, subject, userId, state, now, now, now);
    addAsset(before, 'a1', 'photo');
    addAsset(before, 'a2', 'photo');
    addAsset(before, 'a3', 'video');
    addJob(before, 'j1', 'f1', 'ann', 'succeeded');
    addJob(before, 'j2', 'f2', 'ann', 'queued');
    addJob(before, 'j3', 'gone', null, 'failed');
    before.close();

    const { sqlite, close } = openDatabase(file);
    const assets = () =>
      sqlite
        .prepare("select kind, count from asset_counts where user_id = 'ann' and count > 0 order by kind")
        .all();
    const jobs = () =>
      sqlite.prepare('select user_id, state, count from job_counts where count > 0 order by state').all();
    expect(assets()).toEqual([
      { kind: 'photo', count: 2 },
      { kind: 'video', count: 1 },
    ]);
    // A job without an owner is nobody's to count.
    expect(jobs()).toEqual([
      { user_id: 'ann', state: 'queued', count: 1 },
      { user_id: 'ann', state: 'succeeded', count: 1 },
    ]);

    addAsset(sqlite, 'a4', 'photo');
    // A photo and its clip become one Live Photo: one asset changes kind, the other goes.
    sqlite.prepare("update assets set kind = 'livePhoto' where id = 'a1'").run();
    sqlite.prepare("delete from assets where id = 'a3'").run();
    expect(assets()).toEqual([
      { kind: 'livePhoto', count: 1 },
      { kind: 'photo', count: 2 },
    ]);

    sqlite.prepare("update jobs set state = 'running' where id = 'j2'").run();
    sqlite.prepare("update jobs set state = 'failed' where id = 'j2'").run();
    // Enqueued again: the queue's upsert puts the failed job back in the queue.
    sqlite
      .prepare(
        "insert into jobs (id, kind, subject, user_id, state, run_at, created_at, updated_at) values ('j4', 'thumbnail', 'f2', 'ann', 'queued', ?, ?, ?) on conflict (kind, subject) do update set state = 'queued'",
      )
      .run(now, now, now);
    sqlite.prepare("delete from jobs where id = 'j1'").run();
    expect(jobs()).toEqual([{ user_id: 'ann', state: 'queued', count: 1 }]);
    close();
  });

  it("0017 totals each person's uploads and new bytes per quarter-hour, and keeps them as rows come, change and go", () => {
    const file = databaseUpTo('0016_check_lookup_order');
    const quarter = 900_000;
    const t0 = Math.floor(now / quarter) * quarter;
    const addUpload = (
      sqlite: Database.Database,
      id: string,
      userId: string,
      state: string,
      at: number,
      bytes: number,
    ) =>
      sqlite
        .prepare(
          "insert into uploads (id, user_id, resource_type, filename, state, received_bytes, started_at, updated_at, finished_at) values (?, ?, 'photo', 'IMG.HEIC', ?, ?, ?, ?, ?)",
        )
        .run(id, userId, state, bytes, at - 1000, at, state === 'receiving' ? null : at);
    const fileAt = (sqlite: Database.Database, id: string, userId: string, size: number, at: number) => {
      addFile(sqlite, id, userId, size);
      sqlite.prepare('update files set created_at = ? where id = ?').run(at, id);
    };

    const before = new Database(file);
    addPerson(before, 'ann');
    addPerson(before, 'bob');
    fileAt(before, 'f1', 'ann', 1000, t0);
    fileAt(before, 'f2', 'ann', 300, t0 + 2 * quarter + 5);
    fileAt(before, 'f3', 'bob', 7, t0);
    addDerivative(before, 'd1', 'f1', 'thumbnail', 10, t0 + quarter);
    addDerivative(before, 'd2', 'f1', 'preview', 100, t0 + 2 * quarter);
    addUpload(before, 'u1', 'ann', 'stored', t0 + 10, 1000);
    addUpload(before, 'u2', 'ann', 'stored', t0 + 2 * quarter, 300);
    addUpload(before, 'u3', 'ann', 'failed', t0 + 2 * quarter, 50);
    before.close();

    const { sqlite, close } = openDatabase(file);
    const kept = () =>
      sqlite
        .prepare(
          'select user_id, bucket, uploads, uploaded_bytes, file_bytes, derivative_bytes from history_buckets where uploads + uploaded_bytes + file_bytes + derivative_bytes > 0 order by user_id, bucket',
        )
        .all();
    // The same totals summed from the rows themselves, as the Overview once did on every visit.
    const summed = () =>
      sqlite
        .prepare(
          `select owner as user_id, quarter as bucket, sum(n) as uploads, sum(received) as uploaded_bytes,
             sum(original) as file_bytes, sum(derived) as derivative_bytes from (
             select user_id as owner, finished_at / 900000 as quarter, 1 as n, received_bytes as received, 0 as original, 0 as derived
               from uploads where state = 'stored' and finished_at is not null
             union all select user_id, created_at / 900000, 0, 0, size, 0 from files
             union all select files.user_id, derivatives.created_at / 900000, 0, 0, 0, derivatives.size
               from derivatives join files on files.id = derivatives.file_id)
           group by owner, quarter having sum(n) + sum(received) + sum(original) + sum(derived) > 0 order by owner, bucket`,
        )
        .all();
    const q = t0 / quarter;
    expect(kept()).toEqual([
      { user_id: 'ann', bucket: q, uploads: 1, uploaded_bytes: 1000, file_bytes: 1000, derivative_bytes: 0 },
      { user_id: 'ann', bucket: q + 1, uploads: 0, uploaded_bytes: 0, file_bytes: 0, derivative_bytes: 10 },
      {
        user_id: 'ann',
        bucket: q + 2,
        uploads: 1,
        uploaded_bytes: 300,
        file_bytes: 300,
        derivative_bytes: 100,
      },
      { user_id: 'bob', bucket: q, uploads: 0, uploaded_bytes: 0, file_bytes: 7, derivative_bytes: 0 },
    ]);

    // An upload received in pieces, then stored; another stored and then its record removed.
    addUpload(sqlite, 'u4', 'bob', 'receiving', t0 + 3 * quarter, 0);
    sqlite.prepare("update uploads set received_bytes = 40 where id = 'u4'").run();
    expect(kept()).toEqual(summed());
    sqlite
      .prepare("update uploads set state = 'stored', received_bytes = 90, finished_at = ? where id = 'u4'")
      .run(t0 + 3 * quarter);
    expect(kept()).toEqual(summed());
    sqlite.prepare("update uploads set received_bytes = 95 where id = 'u4'").run();
    sqlite.prepare("delete from uploads where id = 'u2'").run();
    fileAt(sqlite, 'f4', 'bob', 90, t0 + 3 * quarter);
    addDerivative(sqlite, 'd3', 'f4', 'thumbnail', 9, t0 + 4 * quarter);
    // A thumbnail made again (the job's upsert) keeps its quarter and changes its size.
    sqlite
      .prepare(
        "insert into derivatives (id, file_id, kind, storage_key, content_type, width, height, size, created_at) values ('d4', 'f1', 'thumbnail', 'derived/d4', 'image/webp', 1, 1, 12, ?) on conflict (file_id, kind) do update set size = excluded.size",
      )
      .run(t0 + 9 * quarter);
    expect(kept()).toEqual(summed());
    // A file that goes takes its bytes and its derivatives' bytes with it.
    sqlite.prepare("delete from files where id = 'f1'").run();
    expect(kept()).toEqual(summed());
    expect(kept()).toEqual([
      { user_id: 'ann', bucket: q, uploads: 1, uploaded_bytes: 1000, file_bytes: 0, derivative_bytes: 0 },
      { user_id: 'ann', bucket: q + 2, uploads: 0, uploaded_bytes: 0, file_bytes: 300, derivative_bytes: 0 },
      { user_id: 'bob', bucket: q, uploads: 0, uploaded_bytes: 0, file_bytes: 7, derivative_bytes: 0 },
      { user_id: 'bob', bucket: q + 3, uploads: 1, uploaded_bytes: 95, file_bytes: 90, derivative_bytes: 0 },
      { user_id: 'bob', bucket: q + 4, uploads: 0, uploaded_bytes: 0, file_bytes: 0, derivative_bytes: 9 },
    ]);
    close();
  });

  it('0018 marks each failed upload a later upload fixed, and keeps marking as uploads are stored or fail', () => {
    const file = databaseUpTo('0017_history_buckets');
    const addUpload = (
      sqlite: Database.Database,
      id: string,
      state: string,
      at: number,
      match: { device?: string; asset?: string; type?: string; name?: string },
    ) =>
      sqlite
        .prepare(
          "insert into uploads (id, user_id, device_id, device_asset_id, resource_type, filename, state, started_at, updated_at, finished_at) values (?, 'ann', ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(
          id,
          match.device ?? null,
          match.asset ?? null,
          match.type ?? 'photo',
          match.name ?? `${id}.jpg`,
          state,
          at,
          at,
          state === 'receiving' ? null : at,
        );
    const before = new Database(file);
    addPerson(before, 'ann');
    before
      .prepare(
        "insert into devices (id, user_id, name, key_hash, created_at) values ('p1', 'ann', 'iPhone', 'k', ?)",
      )
      .run(now);
    const phone = { device: 'p1' };
    addUpload(before, 'f1', 'failed', now - 50, { ...phone, asset: 'A' });
    addUpload(before, 's1', 'stored', now - 40, { ...phone, asset: 'A' });
    // The same asset, the paired video: not the photo that failed.
    addUpload(before, 'f2', 'expired', now - 50, { ...phone, asset: 'B' });
    addUpload(before, 's2', 'stored', now - 40, { ...phone, asset: 'B', type: 'pairedVideo' });
    // A browser's upload, fixed by name; one stored before the failure does not count.
    addUpload(before, 'f3', 'failed', now - 50, { name: 'cat.jpg' });
    addUpload(before, 's3', 'stored', now - 40, { name: 'cat.jpg' });
    addUpload(before, 's4', 'stored', now - 60, { name: 'dog.jpg' });
    addUpload(before, 'f4', 'failed', now - 50, { name: 'dog.jpg' });
    before.close();

    const { sqlite, close } = openDatabase(file);
    const fixed = () =>
      sqlite.prepare('select id from uploads where resolved_at is not null order by id').pluck().all();
    expect(fixed()).toEqual(['f1', 'f3']);

    // A later upload of B's photo, received and then stored, fixes f2.
    addUpload(sqlite, 's5', 'receiving', now - 30, { ...phone, asset: 'B' });
    expect(fixed()).toEqual(['f1', 'f3']);
    sqlite.prepare("update uploads set state = 'stored' where id = 's5'").run();
    expect(fixed()).toEqual(['f1', 'f2', 'f3']);
    // An upload that fails after a later one already stored the same photo is fixed at once.
    addUpload(sqlite, 'f5', 'receiving', now - 45, { ...phone, asset: 'A' });
    sqlite.prepare("update uploads set state = 'expired' where id = 'f5'").run();
    // …but not from another device.
    addUpload(sqlite, 'f6', 'failed', now - 45, { asset: 'A' });
    expect(fixed()).toEqual(['f1', 'f2', 'f3', 'f5']);
    close();
  });

  // Run on a database with every migration applied: a later migration that rebuilt `resources`
  // (drizzle-kit does, for some changes) would drop these triggers, and this would fail.
  it('0009 indexes every file name, follows renames, moves and deletes, and keeps its rows through VACUUM', () => {
    const file = databaseUpTo('0008_used_bytes');
    const before = new Database(file);
    addPerson(before, 'ann');
    const addAsset = before.prepare(
      "insert into assets (id, user_id, kind, sort_at, created_at) values (?, 'ann', 'photo', ?, ?)",
    );
    const addResource = before.prepare(
      "insert into resources (id, asset_id, type, filename, file_id, created_at) values (?, ?, 'photo', ?, ?, ?)",
    );
    for (let n = 1; n <= 3; n++) {
      addFile(before, `f${n}`, 'ann');
      addAsset.run(`a${n}`, now - n, now);
    }
    addResource.run('r1', 'a1', 'IMG_0001.HEIC', 'f1', now);
    addResource.run('r2', 'a2', 'IMG_0002.JPG', 'f2', now);
    before.close();

    const { sqlite, close } = openDatabase(file);
    // What the Library's search asks: the assets whose resources' names contain the text.
    const assetsNamed = (text: string) =>
      sqlite
        .prepare(
          `select n.asset_id from resource_names f join resource_name_rows n on n.row = f.rowid
           where resource_names match ? order by n.asset_id`,
        )
        .pluck()
        .all(`"${text}"`);
    expect(assetsNamed('img_000')).toEqual(['a1', 'a2']);
    expect(assetsNamed('0002.jp')).toEqual(['a2']);

    sqlite
      .prepare(
        "insert into resources (id, asset_id, type, filename, file_id, created_at) values (?, ?, 'photo', ?, ?, ?)",
      )
      .run('r3', 'a3', 'Beach day.png', 'f3', now);
    expect(assetsNamed('beach')).toEqual(['a3']);

    sqlite.prepare("update resources set filename = 'IMG_0001 (edited).HEIC' where id = 'r1'").run();
    expect(assetsNamed('edited')).toEqual(['a1']);
    expect(assetsNamed('0001.HEIC')).toEqual([]);

    sqlite.prepare("update resources set asset_id = 'a3', type = 'pairedVideo' where id = 'r2'").run();
    expect(assetsNamed('0002')).toEqual(['a3']);

    // VACUUM may renumber the implicit rowids of `resources` (here the first is gone, so the
    // others would move up); the index's own keys stay.
    sqlite.prepare("delete from resources where id = 'r1'").run();
    sqlite.exec('vacuum');
    expect(assetsNamed('edited')).toEqual([]);
    expect(assetsNamed('IMG_')).toEqual(['a3']);
    expect(assetsNamed('beach')).toEqual(['a3']);
    expect(sqlite.prepare('select resource_id from resource_name_rows order by row').pluck().all()).toEqual([
      'r2',
      'r3',
    ]);
    close();
  });

  // Run on every migration applied, like 0009's: a later rebuild of `resources` would drop the
  // triggers that keep these copies.
  it('0015 gives each file its first holder and each asset its resources, and follows resources that come, move, change and go', () => {
    const file = databaseUpTo('0014_derivative_sha256');
    const before = new Database(file);
    addPerson(before, 'ann');
    const addAsset = (sqlite: Database.Database, id: string) =>
      sqlite
        .prepare(
          "insert into assets (id, user_id, device_asset_id, kind, sort_at, created_at) values (?, 'ann', ?, 'photo', ?, ?)",
        )
        .run(id, `PHONE-${id}`, now, now);
    const addResource = (
      sqlite: Database.Database,
      id: string,
      assetId: string,
      fileId: string,
      type = 'photo',
    ) =>
      sqlite
        .prepare(
          'insert into resources (id, asset_id, type, filename, file_id, created_at) values (?, ?, ?, ?, ?, ?)',
        )
        .run(id, assetId, type, `${id}.HEIC`, fileId, now);
    for (const n of [1, 2, 3]) addFile(before, `f${n}`, 'ann');
    for (const id of ['a1', 'a2', 'a3', 'a4']) addAsset(before, id);
    // The same bytes in two assets: the holder is the first by asset id, then resource id.
    addResource(before, 'r2', 'a2', 'f1');
    addResource(before, 'r1', 'a1', 'f1');
    addResource(before, 'r3', 'a3', 'f2', 'video');
    before.close();

    const { sqlite, close } = openDatabase(file);
    const holders = () =>
      sqlite
        .prepare(
          'select id, first_asset_id as assetId, first_resource_id as resourceId from files order by id',
        )
        .all();
    // Pairs in no order: sorted here to compare.
    const lists = () =>
      Object.fromEntries(
        sqlite
          .prepare('select id, resource_list as list from assets order by id')
          .all()
          .map((row) => {
            const { id, list } = row as { id: string; list: string | null };
            return [id, list?.split(',').sort().join(',') ?? null];
          }),
      );
    // What the upload check reads must come from one index alone, by content and by asset id.
    const plan = (query: string) =>
      sqlite
        .prepare(`explain query plan ${query}`)
        .all()
        .map((row) => (row as { detail: string }).detail);
    expect(
      plan(
        "select size, first_asset_id, first_resource_id from files indexed by files_sha256_user_holder_idx where user_id = 'ann' and sha256 in ('a', 'b')",
      ),
    ).toEqual([
      expect.stringContaining('COVERING INDEX files_sha256_user_holder_idx (sha256=? AND user_id=?)'),
    ]);
    expect(
      plan(
        "select id, modified_at, resource_list from assets indexed by assets_asset_device_check_idx where user_id = 'ann' and device_id = 'd' and device_asset_id in ('a', 'b')",
      ),
    ).toEqual([
      expect.stringContaining(
        'COVERING INDEX assets_asset_device_check_idx (device_asset_id=? AND device_id=? AND user_id=?)',
      ),
    ]);

    expect(holders()).toEqual([
      { id: 'f1', assetId: 'a1', resourceId: 'r1' },
      { id: 'f2', assetId: 'a3', resourceId: 'r3' },
      { id: 'f3', assetId: null, resourceId: null },
    ]);
    expect(lists()).toEqual({ a1: 'photo=r1', a2: 'photo=r2', a3: 'video=r3', a4: null });

    addResource(sqlite, 'r4', 'a4', 'f3');
    // A Live Photo's clip joins its still: the resource moves to another asset and changes type.
    sqlite.prepare("update resources set asset_id = 'a1', type = 'pairedVideo' where id = 'r3'").run();
    expect(holders()).toEqual([
      { id: 'f1', assetId: 'a1', resourceId: 'r1' },
      { id: 'f2', assetId: 'a1', resourceId: 'r3' },
      { id: 'f3', assetId: 'a4', resourceId: 'r4' },
    ]);
    expect(lists()).toEqual({ a1: 'pairedVideo=r3,photo=r1', a2: 'photo=r2', a3: null, a4: 'photo=r4' });

    // A new version of a resource: it holds other bytes now, and the old file's holder is the next.
    sqlite.prepare("update resources set file_id = 'f3' where id = 'r1'").run();
    expect(holders()).toEqual([
      { id: 'f1', assetId: 'a2', resourceId: 'r2' },
      { id: 'f2', assetId: 'a1', resourceId: 'r3' },
      { id: 'f3', assetId: 'a1', resourceId: 'r1' },
    ]);

    // An asset deleted with its resources (cascade): its files are held by what is left, or nothing.
    sqlite.prepare("delete from assets where id = 'a1'").run();
    sqlite.prepare("delete from resources where id = 'r4'").run();
    expect(holders()).toEqual([
      { id: 'f1', assetId: 'a2', resourceId: 'r2' },
      { id: 'f2', assetId: null, resourceId: null },
      { id: 'f3', assetId: null, resourceId: null },
    ]);
    expect(lists()).toEqual({ a2: 'photo=r2', a3: null, a4: null });
    close();
  });

  it("0010 reads a camera's page as one range of its index, in library order", () => {
    const { sqlite, close } = openDatabase(path.join(tempDir(), 'keepsake.sqlite'));
    const plan = sqlite
      .prepare(
        `explain query plan select * from assets where user_id = 'ann' and make = 'Apple' and model = 'iPad Air'
         and (sort_at, id) < (1, 'x') order by sort_at desc, id desc limit 201`,
      )
      .all()
      .map((row) => (row as { detail: string }).detail)
      .join(' | ');
    expect(plan).toContain(
      'assets_user_camera_sort_idx (user_id=? AND make=? AND model=? AND (sort_at,id)<(?,?))',
    );
    expect(plan).not.toContain('TEMP B-TREE');
    close();
  });
});
