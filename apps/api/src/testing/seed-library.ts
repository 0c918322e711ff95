import { randomBytes } from 'node:crypto';
import { type Db, schema } from '@keepsake/db';
import type { AssetKind, ResourceType } from '@keepsake/shared';

const { assets, files, resources, uploads } = schema;

export interface SeededAsset {
  assetId: string;
  fileId: string;
  resourceId: string;
}

/**
 * One stored asset with its file and resource, written straight into the tables (no bytes on
 * disk): for tests of queries that only read the database.
 */
export function seedAsset(
  db: Db,
  userId: string,
  options: {
    filename?: string;
    kind?: AssetKind;
    type?: ResourceType;
    size?: number;
    at?: Date;
    takenAt?: Date | null;
    deviceId?: string | null;
    make?: string | null;
    model?: string | null;
    /** Also record the upload that brought it, finished at `at`. */
    upload?: boolean;
  } = {},
): SeededAsset {
  const at = options.at ?? new Date();
  const sha256 = randomBytes(32).toString('hex');
  const size = options.size ?? 1000;
  const filename = options.filename ?? `IMG_${sha256.slice(0, 4)}.JPG`;
  const file = db
    .insert(files)
    .values({ userId, sha256, size, storageKey: `library/${userId}/${sha256}.jpg`, createdAt: at })
    .returning()
    .get();
  const takenAt = options.takenAt === undefined ? at : options.takenAt;
  const asset = db
    .insert(assets)
    .values({
      userId,
      deviceId: options.deviceId ?? null,
      kind: options.kind ?? 'photo',
      takenAt,
      make: options.make ?? null,
      model: options.model ?? null,
      sortAt: takenAt ?? at,
      createdAt: at,
    })
    .returning()
    .get();
  const resource = db
    .insert(resources)
    .values({ assetId: asset.id, type: options.type ?? 'photo', filename, fileId: file.id, createdAt: at })
    .returning()
    .get();
  if (options.upload) {
    db.insert(uploads)
      .values({
        userId,
        deviceId: options.deviceId ?? null,
        resourceType: options.type ?? 'photo',
        filename,
        state: 'stored',
        expectedSize: size,
        receivedBytes: size,
        sha256,
        assetId: asset.id,
        resourceId: resource.id,
        startedAt: new Date(at.getTime() - 1000),
        updatedAt: at,
        finishedAt: at,
      })
      .run();
  }
  return { assetId: asset.id, fileId: file.id, resourceId: resource.id };
}
