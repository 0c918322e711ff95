// A realistic library of 100k (or 1M) assets written straight into Keepsake's SQLite file, so
// the check, idle and start-up scenarios run against the database a long-time user has,
// without uploading terabytes. The schema is not restated here: Keepsake itself creates the
// database (its migrations run when it starts on an empty folder) and its CLI adds the people
// and devices; only the library rows are inserted, in the columns of packages/db/src/schema.
//
// Seeded libraries are cached in os.tmpdir()/keepsake-bench-cache, keyed by size, this file's
// version and the migrations, because 1M assets take minutes to write.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { prng } from './data.mjs';
import { addOwnerAndDevice, cli, owner, root, startKeepsake } from './keepsake.mjs';

/** Bump when the generated rows change, so cached libraries are made again. */
const seedVersion = 4;

const require = createRequire(path.join(root, 'packages/db/package.json'));
/** better-sqlite3 from the db package: the same native build Keepsake uses, no new dependency. */
export const Database = require('better-sqlite3');

export const cacheDir = path.join(os.tmpdir(), 'keepsake-bench-cache');

function migrationsHash() {
  const dir = path.join(root, 'packages/db/drizzle');
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(dir, { recursive: true }).sort()) {
    const full = path.join(dir, file);
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
  }
  return hash.digest('hex').slice(0, 12);
}

const day = 86_400_000;
const start = Date.UTC(2013, 0, 1);
const end = Date.UTC(2025, 5, 30);

/** Where people take photos: home, a second city, holidays; a little scatter around each. */
const places = [
  [52.52, 13.405],
  [48.137, 11.575],
  [41.387, 2.17],
  [38.722, -9.139],
  [40.713, -74.006],
  [35.676, 139.65],
];

/** Sizes as an iPhone makes them: HEIC 1.5–5 MB, Live Photo movies 2–4 MB, videos 5–600 MB. */
const kinds = {
  photo: { ext: 'HEIC', uti: 'public.heic', size: (r) => 1.5e6 + r() * 3.5e6 },
  fullSizePhoto: { ext: 'JPG', uti: 'public.jpeg', size: (r) => 2e6 + r() * 4e6, name: 'FullSizeRender' },
  adjustmentData: {
    ext: 'plist',
    uti: 'com.apple.property-list',
    size: (r) => 800 + r() * 4000,
    name: 'Adjustments',
  },
  pairedVideo: { ext: 'MOV', uti: 'com.apple.quicktime-movie', size: (r) => 2e6 + r() * 2e6 },
  video: { ext: 'MOV', uti: 'com.apple.quicktime-movie', size: (r) => 5e6 + r() ** 3 * 595e6 },
};

/**
 * The mix of one phone library: 68 % photos, 18 % Live Photos (photo + paired movie), 10 %
 * videos, 4 % edited photos (original, full-size render and adjustment data).
 */
function assetShape(r) {
  const x = r();
  if (x < 0.68) return { kind: 'photo', types: ['photo'] };
  if (x < 0.86) return { kind: 'livePhoto', types: ['photo', 'pairedVideo'] };
  if (x < 0.96) return { kind: 'video', types: ['video'] };
  return { kind: 'photo', types: ['photo', 'fullSizePhoto', 'adjustmentData'] };
}

/** Columns added by later migrations are filled when this database has them. */
const optionalAssetColumns = ['make', 'model', 'width', 'height', 'duration_ms'];

function prepare(sqlite) {
  const insert = (table, columns) =>
    sqlite.prepare(
      `insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`,
    );
  const present = new Set(
    sqlite
      .prepare("select name from pragma_table_info('assets')")
      .all()
      .map((c) => c.name),
  );
  const assetColumns = [
    'id',
    'user_id',
    'device_id',
    'device_asset_id',
    'kind',
    'taken_at',
    'modified_at',
    'favorite',
    'latitude',
    'longitude',
    'sort_at',
    'created_at',
    ...optionalAssetColumns.filter((c) => present.has(c)),
  ];
  return {
    asset: insert('assets', assetColumns),
    file: insert('files', ['id', 'user_id', 'sha256', 'size', 'storage_key', 'created_at']),
    resource: insert('resources', [
      'id',
      'asset_id',
      'type',
      'filename',
      'content_type',
      'file_id',
      'created_at',
    ]),
    upload: insert('uploads', [
      'id',
      'user_id',
      'device_id',
      'device_asset_id',
      'resource_type',
      'filename',
      'content_type',
      'state',
      'expected_size',
      'received_bytes',
      'sha256',
      'asset_id',
      'resource_id',
      'metadata',
      'started_at',
      'updated_at',
      'finished_at',
      'failure_code',
      'failure_message',
    ]),
    job: insert('jobs', [
      'id',
      'kind',
      'subject',
      'user_id',
      'state',
      'attempts',
      'max_attempts',
      'run_at',
      'lease_id',
      'lease_expires_at',
      'last_error_code',
      'last_error_message',
      'created_at',
      'updated_at',
      'finished_at',
    ]),
    derivative: insert('derivatives', [
      'id',
      'file_id',
      'kind',
      'storage_key',
      'content_type',
      'width',
      'height',
      'size',
      'created_at',
    ]),
  };
}

/**
 * Writes `count` assets with their files, resources, uploads, thumbnail jobs and thumbnails, in
 * transactions of 10,000 assets with a turn of the event loop between them, so Ctrl-C works.
 */
async function insertLibrary(sqlite, count, people) {
  const r = prng(2024);
  const q = prepare(sqlite);
  const userFiles = new Map(people.map((p) => [p.userId, []]));
  let fileCounter = 0;
  let assetNumber = 0;
  const stats = { assets: 0, files: 0, resources: 0, uploads: 0, jobs: 0, derivatives: 0 };

  const writeAsset = (person) => {
    // More photos in recent years, as in any phone library: sqrt skews toward the end.
    const takenAt = Math.round(start + (end - start) * Math.sqrt(r()));
    const device = person.devices.find((d) => r() < d.share) ?? person.devices.at(-1);
    const uploadedAt = Math.max(takenAt + Math.round(r() * 2 * day), device.since);
    const edited = r() < 0.3;
    const place = r() < 0.6 ? places[Math.floor(r() ** 2 * places.length)] : undefined;
    const shape = assetShape(r);
    const asset = {
      id: randomUUID(),
      user_id: person.userId,
      device_id: device.id,
      device_asset_id: `${randomUUID().toUpperCase()}/L0/001`,
      kind: shape.kind,
      taken_at: takenAt,
      modified_at: edited ? takenAt + Math.round(r() * 400 * day) : takenAt,
      favorite: r() < 0.03 ? 1 : 0,
      latitude: place ? place[0] + (r() - 0.5) * 0.2 : null,
      longitude: place ? place[1] + (r() - 0.5) * 0.2 : null,
      sort_at: takenAt,
      created_at: uploadedAt,
      make: 'Apple',
      model: device.model,
      width: shape.kind === 'video' ? 1920 : 4032,
      height: shape.kind === 'video' ? 1080 : 3024,
      duration_ms: shape.kind === 'video' ? Math.round(2000 + r() ** 2 * 600_000) : null,
    };
    q.asset.run(asset);
    stats.assets++;
    const number = String((assetNumber++ % 9999) + 1).padStart(4, '0');
    for (const type of shape.types) {
      const kind = kinds[type] ?? kinds.photo;
      const filename = `${kind.name ?? `IMG_${number}`}.${kind.ext}`;
      const mine = userFiles.get(person.userId);
      // Half a percent of resources are bytes the person already has (a photo saved twice).
      let file = mine.length > 100 && r() < 0.005 ? mine[Math.floor(r() * mine.length)] : undefined;
      if (!file) {
        const sha256 = createHash('sha256').update(`keepsake-bench:${fileCounter++}`).digest('hex');
        file = {
          id: randomUUID(),
          user_id: person.userId,
          sha256,
          size: Math.round(kind.size(r)),
          storage_key: `library/${person.userId}/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.${kind.ext.toLowerCase()}`,
          created_at: uploadedAt,
        };
        q.file.run(file);
        mine.push(file);
        stats.files++;
        // As Keepsake does: a picture gets a thumbnail (photos, and posters of movies) and its
        // metadata read; Photos' edit instructions get neither. One file in a thousand is damaged.
        if (type !== 'adjustmentData') {
          const damaged = r() < 0.001;
          q.job.run({
            id: randomUUID(),
            kind: 'thumbnail',
            subject: file.id,
            user_id: person.userId,
            state: damaged ? 'failed' : 'succeeded',
            attempts: damaged ? 5 : 1,
            max_attempts: 5,
            run_at: uploadedAt,
            lease_id: null,
            lease_expires_at: null,
            last_error_code: damaged ? 'CORRUPT_FILE' : null,
            last_error_message: damaged
              ? 'The file is damaged or cut short, so Keepsake cannot read it.'
              : null,
            created_at: uploadedAt,
            updated_at: uploadedAt + 400,
            finished_at: uploadedAt + 400,
          });
          q.job.run({
            id: randomUUID(),
            kind: 'metadata',
            subject: file.id,
            user_id: person.userId,
            state: 'succeeded',
            attempts: 1,
            max_attempts: 5,
            run_at: uploadedAt,
            lease_id: null,
            lease_expires_at: null,
            last_error_code: null,
            last_error_message: null,
            created_at: uploadedAt,
            updated_at: uploadedAt + 200,
            finished_at: uploadedAt + 200,
          });
          stats.jobs += 2;
          if (!damaged) {
            q.derivative.run({
              id: randomUUID(),
              file_id: file.id,
              kind: 'thumbnail',
              storage_key: `thumbs/${person.userId}/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}-thumbnail.webp`,
              content_type: 'image/webp',
              width: 427,
              height: 320,
              size: Math.round(12_000 + r() * 20_000),
              created_at: uploadedAt + 400,
            });
            stats.derivatives++;
          }
        }
      }
      const resource = {
        id: randomUUID(),
        asset_id: asset.id,
        type,
        filename,
        content_type: kind.uti,
        file_id: file.id,
        created_at: uploadedAt,
      };
      q.resource.run(resource);
      stats.resources++;
      const metadata = {
        deviceAssetId: asset.device_asset_id,
        resourceType: type,
        filename,
        contentType: kind.uti,
        createdAt: new Date(takenAt).toISOString(),
        modifiedAt: new Date(asset.modified_at).toISOString(),
        expectedSize: file.size,
      };
      // Every stored resource came through an upload; a few earlier attempts failed first.
      const attempts = r() < 0.01 ? ['failed', 'stored'] : ['stored'];
      for (const state of attempts) {
        const stored = state === 'stored';
        q.upload.run({
          id: randomUUID(),
          user_id: person.userId,
          device_id: device.id,
          device_asset_id: asset.device_asset_id,
          resource_type: type,
          filename,
          content_type: kind.uti,
          state,
          expected_size: file.size,
          received_bytes: stored ? file.size : Math.round(file.size * r()),
          sha256: stored ? file.sha256 : null,
          asset_id: stored ? asset.id : null,
          resource_id: stored ? resource.id : null,
          metadata: JSON.stringify(metadata),
          started_at: uploadedAt - 5000,
          updated_at: uploadedAt,
          finished_at: uploadedAt,
          failure_code: stored ? null : 'UPLOAD_GONE',
          failure_message: stored ? null : 'No bytes arrived for longer than the upload expiry.',
        });
        stats.uploads++;
      }
    }
  };

  const batch = sqlite.transaction((n) => {
    for (let i = 0; i < n; i++) writeAsset(r() < 0.85 ? people[0] : people[1]);
  });
  for (let done = 0; done < count; done += 10_000) {
    batch(Math.min(10_000, count - done));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return stats;
}

/**
 * The people and phones, made by Keepsake's CLI: the owner's current phone (whose key the
 * benchmark uses), an old phone and an iPad, and a partner with one phone.
 */
function addPeople(dir) {
  const bench = addOwnerAndDevice(dir, 'Bench iPhone');
  cli(dir, ['device', 'add', '--user', owner.email, '--name', 'Old iPhone']);
  cli(dir, ['device', 'add', '--user', owner.email, '--name', 'iPad']);
  cli(dir, ['user', 'add', '--email', 'partner@example.com', '--password', owner.password]);
  cli(dir, ['device', 'add', '--user', 'partner@example.com', '--name', 'Partner iPhone']);
  return { bench };
}

/**
 * A data folder with `count` assets, made once and cached. Returns the cached data folder
 * (copy it before starting a server on it) and the benchmark device's key and ids.
 */
export async function seededLibrary(count, { log = console.log } = {}) {
  const key = `library-${count}-v${seedVersion}-${migrationsHash()}`;
  const dir = path.join(cacheDir, key);
  const ownerFile = path.join(dir, 'owner.json');
  const dataDir = path.join(dir, 'data');
  if (fs.existsSync(ownerFile))
    return { dataDir, ...JSON.parse(fs.readFileSync(ownerFile, 'utf8')), cached: true };

  log(`  seeding ${count.toLocaleString('en')} assets into a new library (cached in ${cacheDir})…`);
  const started = performance.now();
  const building = `${dir}.${process.pid}.tmp`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(building, { recursive: true });
  // Keepsake creates its own database: start it once on the empty folder, then stop it.
  const buildingData = path.join(building, 'data');
  const server = await startKeepsake(buildingData, { logFile: path.join(building, 'first-start.log') });
  await server.stop();
  const devices = addPeople(buildingData);

  const sqlite = new Database(path.join(buildingData, 'keepsake.sqlite'));
  // Only the seeding runs this loosely: a crash here means seeding again, not lost photos.
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -1000000');
  sqlite.pragma('foreign_keys = ON');
  const deviceRows = sqlite
    .prepare('select id, user_id as userId, name, created_at as createdAt from devices')
    .all();
  const byName = (name) => deviceRows.find((d) => d.name === name);
  const ownerId = byName('Bench iPhone').userId;
  // The phones' "since": the old phone backed up the early years, the current one the recent.
  const people = [
    {
      userId: ownerId,
      devices: [
        { id: byName('Bench iPhone').id, share: 0.6, since: Date.UTC(2021, 0, 1), model: 'iPhone 15 Pro' },
        { id: byName('Old iPhone').id, share: 0.75, since: start, model: 'iPhone 6s' },
        { id: byName('iPad').id, share: 1, since: Date.UTC(2016, 0, 1), model: 'iPad Air' },
      ],
    },
    {
      userId: byName('Partner iPhone').userId,
      devices: [{ id: byName('Partner iPhone').id, share: 1, since: start, model: 'iPhone 13' }],
    },
  ];
  const stats = await insertLibrary(sqlite, count, people);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();

  const info = {
    assets: count,
    stats,
    owner: {
      email: owner.email,
      userId: ownerId,
      apiKey: devices.bench.apiKey,
      deviceId: devices.bench.deviceId,
    },
    seconds: Math.round((performance.now() - started) / 100) / 10,
    bytes: fs.statSync(path.join(buildingData, 'keepsake.sqlite')).size,
  };
  fs.writeFileSync(path.join(building, 'owner.json'), JSON.stringify(info, null, 2));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(building, dir);
  log(
    `  seeded in ${info.seconds} s: ${Object.entries(stats)
      .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
      .join(', ')}`,
  );
  return { dataDir, ...info, cached: false };
}
