import { type Db, schema } from '@keepsake/db';
import type { DeviceBackupState, DeviceStatus } from '@keepsake/shared';
import { and, desc, eq, gte, isNotNull, sql } from 'drizzle-orm';
import { listFailures } from '../failures/failure-list.js';

const { assets, devices, uploads } = schema;

/** Bytes arrived this recently: the device is uploading now. */
export const activeUploadMs = 2 * 60_000;
/** A phone backs up at least daily when it can; three silent days is worth a look. */
export const quietAfterMs = 3 * 86_400_000;

/** Each of the person's devices with what arrived from it, and whether it needs a look. */
export function deviceStatuses(db: Db, userId: string, now = Date.now()): DeviceStatus[] {
  const rows = db
    .select()
    .from(devices)
    .where(eq(devices.userId, userId))
    // Devices in use first, newest first; revoked ones last.
    .orderBy(sql`${devices.revokedAt} is not null`, desc(devices.createdAt))
    .all();
  if (rows.length === 0) return [];
  const assetCounts = new Map(
    db
      .select({ deviceId: assets.deviceId, count: sql<number>`count(*)` })
      .from(assets)
      .where(and(eq(assets.userId, userId), isNotNull(assets.deviceId)))
      .groupBy(assets.deviceId)
      .all()
      .map((r) => [r.deviceId, r.count]),
  );
  const lastUploads = new Map(
    db
      .select({ deviceId: uploads.deviceId, at: sql<number>`max(${uploads.finishedAt})` })
      .from(uploads)
      .where(and(eq(uploads.userId, userId), eq(uploads.state, 'stored')))
      .groupBy(uploads.deviceId)
      .all()
      .map((r) => [r.deviceId, r.at]),
  );
  const uploading = new Map(
    db
      .select({ deviceId: uploads.deviceId, count: sql<number>`count(*)` })
      .from(uploads)
      .where(
        and(
          eq(uploads.userId, userId),
          eq(uploads.state, 'receiving'),
          gte(uploads.updatedAt, new Date(now - activeUploadMs)),
        ),
      )
      .groupBy(uploads.deviceId)
      .all()
      .map((r) => [r.deviceId, r.count]),
  );
  const failures = new Map<string, number>();
  for (const failure of listFailures(db, userId, 1000).items) {
    if (failure.device) failures.set(failure.device.id, (failures.get(failure.device.id) ?? 0) + 1);
  }
  return rows.map((device) => {
    const status = {
      uploading: uploading.get(device.id) ?? 0,
      failures: failures.get(device.id) ?? 0,
    };
    const lastUpload = lastUploads.get(device.id);
    return {
      id: device.id,
      name: device.name,
      createdAt: device.createdAt.toISOString(),
      lastSeenAt: device.lastSeenAt?.toISOString() ?? null,
      revokedAt: device.revokedAt?.toISOString() ?? null,
      assets: assetCounts.get(device.id) ?? 0,
      lastUploadAt: lastUpload ? new Date(lastUpload).toISOString() : null,
      ...status,
      state: backupState(device, status, now),
    };
  });
}

function backupState(
  device: typeof devices.$inferSelect,
  status: { uploading: number; failures: number },
  now: number,
): DeviceBackupState {
  if (device.revokedAt) return 'revoked';
  if (status.uploading > 0) return 'uploading';
  if (status.failures > 0) return 'attention';
  if (!device.lastSeenAt) return 'neverConnected';
  if (now - device.lastSeenAt.getTime() > quietAfterMs) return 'quiet';
  return 'ok';
}
