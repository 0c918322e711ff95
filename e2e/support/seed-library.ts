import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { renderFile } from '../../apps/api/src/testing/render-file.js';
import { openDatabase, schema } from '../../packages/db/src/index.js';
import { corpusDir } from './server';

interface Look {
  thumbKey: string;
  thumbhash: string;
  width: number;
  height: number;
  size: number;
}

/**
 * Writes `count` assets straight into the SQLite file of a data folder whose user exists
 * already (made with the CLI, which also applied the migrations), through the real Drizzle
 * schema. A few real thumbnails are made from the corpus and shared by all assets, so the grid
 * shows pictures and ThumbHash placeholders without processing thousands of files.
 */
export async function seedLibrary(dataDir: string, email: string, count: number): Promise<void> {
  const looks = await makeLooks(dataDir, email);
  const { db, close } = openDatabase(path.join(dataDir, 'keepsake.sqlite'));
  try {
    const user = db
      .select()
      .from(schema.users)
      .all()
      .find((u) => u.email === email);
    if (!user) throw new Error(`Add ${email} with the CLI before seeding.`);
    const phones = ['Anna’s iPhone', 'Old iPad'].map(
      (name, i) =>
        db
          .insert(schema.devices)
          .values({
            userId: user.id,
            name,
            keyHash: randomBytes(32).toString('hex'),
            lastSeenAt: new Date(Date.now() - i * 86_400_000),
          })
          .returning()
          .get().id,
    );
    const cameras = [
      ['Apple', 'iPhone 15 Pro'],
      ['Apple', 'iPhone 12'],
      ['Canon', 'EOS R6'],
    ] as const;
    const now = Date.now();
    const day = 86_400_000;
    db.transaction((tx) => {
      for (let start = 0; start < count; start += 500) {
        const files: (typeof schema.files.$inferInsert)[] = [];
        const assets: (typeof schema.assets.$inferInsert)[] = [];
        const resources: (typeof schema.resources.$inferInsert)[] = [];
        const derivatives: (typeof schema.derivatives.$inferInsert)[] = [];
        const uploads: (typeof schema.uploads.$inferInsert)[] = [];
        for (let n = start; n < Math.min(count, start + 500); n++) {
          const look = looks[n % looks.length]!;
          const sha256 = randomBytes(32).toString('hex');
          // Spread over about two years, newest first, several per day.
          const takenAt = new Date(now - Math.floor((n / count) * 730 * day) - (n % 7) * 3_600_000);
          const uploadedAt = new Date(now - (n % 30) * day - (n % 13) * 60_000);
          const kind = n % 10 === 3 ? 'video' : n % 10 === 7 ? 'livePhoto' : 'photo';
          const camera = cameras[n % cameras.length]!;
          const fileId = crypto.randomUUID();
          const assetId = crypto.randomUUID();
          const resourceId = crypto.randomUUID();
          const filename = `IMG_${String(n + 1).padStart(5, '0')}.${kind === 'video' ? 'MOV' : 'HEIC'}`;
          const size = 1_500_000 + (n % 17) * 100_000;
          files.push({
            id: fileId,
            userId: user.id,
            sha256,
            size,
            storageKey: `library/${user.id}/seed/${sha256}`,
            thumbhash: look.thumbhash,
            createdAt: uploadedAt,
          });
          assets.push({
            id: assetId,
            userId: user.id,
            deviceId: phones[n % 5 === 0 ? 1 : 0]!,
            kind,
            takenAt,
            sortAt: takenAt,
            make: camera[0],
            model: camera[1],
            width: look.width,
            height: look.height,
            durationMs: kind === 'video' ? 5_000 + (n % 50) * 1000 : null,
            createdAt: uploadedAt,
          });
          resources.push({
            id: resourceId,
            assetId,
            type: kind === 'video' ? 'video' : 'photo',
            filename,
            fileId,
            createdAt: uploadedAt,
          });
          derivatives.push({
            fileId,
            kind: 'thumbnail',
            storageKey: look.thumbKey,
            contentType: 'image/webp',
            width: look.width,
            height: look.height,
            size: look.size,
            createdAt: uploadedAt,
          });
          uploads.push({
            userId: user.id,
            deviceId: phones[0]!,
            resourceType: 'photo',
            filename,
            state: 'stored',
            expectedSize: size,
            receivedBytes: size,
            sha256,
            assetId,
            resourceId,
            startedAt: uploadedAt,
            updatedAt: uploadedAt,
            finishedAt: uploadedAt,
          });
        }
        tx.insert(schema.files).values(files).run();
        tx.insert(schema.assets).values(assets).run();
        tx.insert(schema.resources).values(resources).run();
        tx.insert(schema.derivatives).values(derivatives).run();
        tx.insert(schema.uploads).values(uploads).run();
      }
    });
  } finally {
    close();
  }
}

/** A handful of real thumbnails (made as the pipeline makes them) with their ThumbHash. */
async function makeLooks(dataDir: string, email: string): Promise<Look[]> {
  const sources = fs.readdirSync(corpusDir).filter((f) => /^(landscape|portrait)_[1-3]\.jpg$/.test(f));
  const looks: Look[] = [];
  for (const [i, source] of sources.entries()) {
    const { thumbnail, thumbhash } = await renderFile(path.join(corpusDir, source));
    const key = `thumbs/seed-${email.replace(/\W/g, '')}/look-${i}.webp`;
    fs.mkdirSync(path.dirname(path.join(dataDir, key)), { recursive: true });
    fs.writeFileSync(path.join(dataDir, key), thumbnail.data);
    looks.push({
      thumbKey: key,
      thumbhash,
      width: thumbnail.width,
      height: thumbnail.height,
      size: thumbnail.data.length,
    });
  }
  return looks;
}
