import { createHash } from 'node:crypto';
import { fixedSizeLists, schema } from '@keepsake/db';
import type { User } from '@keepsake/shared';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users.js';
import { addDevice } from '../devices/devices.js';
import { seedAsset } from '../testing/seed-library.js';
import { tempDatabase } from '../testing/temp-db.js';
import { type LookupTask, listSize, lookUp } from './check-lookups.mjs';
import { CheckThreads } from './check-threads.js';
import { checkUploads } from './upload-check.js';

const { assets, files } = schema;
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
const sorted = (rows: unknown[][]) => rows.map((row) => JSON.stringify(row)).sort();

describe('the upload check on worker threads', () => {
  it('finds exactly what the event loop’s connection finds, for every list', async () => {
    const known = Array.from({ length: 600 }, (_, n) => stored(n));
    const task: LookupTask = {
      userId: user.id,
      deviceId,
      hashLists: [
        ...fixedSizeLists([...known.map((k) => k.sha256), ...[0, 1, 2].map(unknownHash)], listSize),
      ],
      assetIdLists: [...fixedSizeLists([...known.map((k) => k.deviceAssetId), 'PHONE-NEW/L0/001'], listSize)],
    };
    expect(task.hashLists.length + task.assetIdLists.length).toBe(4);

    const inline = lookUp(database.sqlite, task);
    const threaded = await threads.lookUp(task);
    expect(inline.content).toHaveLength(600);
    expect(inline.assets).toHaveLength(600);
    expect(sorted(threaded.content)).toEqual(sorted(inline.content));
    expect(sorted(threaded.assets)).toEqual(sorted(inline.assets));
  });

  it('answers a large check with what was committed just before it', async () => {
    const known = Array.from({ length: 700 }, (_, n) => stored(n));
    const entries = [
      ...known.map((k) => ({ id: `c-${k.deviceAssetId}`, sha256: k.sha256, size: k.size })),
      ...known.map((k) => ({
        id: `a-${k.deviceAssetId}`,
        assetId: k.deviceAssetId,
        resourceType: 'photo' as const,
      })),
      ...Array.from({ length: 400 }, (_, n) => ({ id: `new-${n}`, sha256: unknownHash(n) })),
    ];
    const caller = { userId: user.id, deviceId };
    const first = await checkUploads(database.db, threads, caller, entries);
    const exists = first.results.filter((r) => r.exists);
    expect(exists).toHaveLength(1400);
    expect(first.results.find((r) => r.id === `a-${known[5]?.deviceAssetId}`)).toEqual({
      id: `a-${known[5]?.deviceAssetId}`,
      exists: true,
      assetId: known[5]?.assetId,
      resourceId: known[5]?.resourceId,
    });

    // The threads' connections are open now; a photo recorded on the event loop's connection
    // is in the very next answer.
    const late = stored(9999);
    const second = await checkUploads(database.db, threads, caller, [
      ...entries,
      { id: 'late', sha256: late.sha256, size: late.size },
    ]);
    expect(second.results.at(-1)).toEqual({
      id: 'late',
      exists: true,
      assetId: late.assetId,
      resourceId: late.resourceId,
    });
  });
});
