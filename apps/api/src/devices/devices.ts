import { type Db, perConnection, schema, unsynced } from '@keepsake/db';
import type { Device, NewDevice } from '@keepsake/shared';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { hashSecretToken, newSecretToken } from '../auth/secret-token.js';
import { KeepsakeError } from '../errors.js';
import type { Caller } from '../uploads/caller.js';

const { devices } = schema;
type DeviceRow = typeof devices.$inferSelect;

const toDevice = (row: DeviceRow): Device => ({
  id: row.id,
  name: row.name,
  createdAt: row.createdAt.toISOString(),
  lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

/** Registers a device and returns its API key; this is the only time the key is visible. */
export function addDevice(db: Db, userId: string, name: string): NewDevice {
  const { token, hash } = newSecretToken('ksk');
  const row = db.insert(devices).values({ userId, name, keyHash: hash }).returning().get();
  return { ...toDevice(row), apiKey: token };
}

export function listDevices(db: Db, userId: string): Device[] {
  return db
    .select()
    .from(devices)
    .where(eq(devices.userId, userId))
    .orderBy(desc(devices.createdAt))
    .all()
    .map(toDevice);
}

/** Prepared once per connection: every request of a phone asks it. */
const deviceByKey = perConnection((db) =>
  db
    .select({
      id: devices.id,
      userId: devices.userId,
      lastSeenAt: devices.lastSeenAt,
      lastSeenAddress: devices.lastSeenAddress,
    })
    .from(devices)
    .where(and(eq(devices.keyHash, sql.placeholder('keyHash')), isNull(devices.revokedAt)))
    .prepare(),
);

/** How stale "last seen" may get: writing it on every request cost a commit (an fsync) per request. */
const lastSeenResolutionMs = 60_000;

/** Resolves a device key to its caller and notes when and from where it was last used. */
export function authenticateDeviceKey(db: Db, key: string, address: string | undefined): Caller | null {
  const row = deviceByKey(db).get({ keyHash: hashSecretToken(key) });
  if (!row) return null;
  const now = new Date();
  const stale = !row.lastSeenAt || now.getTime() - row.lastSeenAt.getTime() > lastSeenResolutionMs;
  if (stale || row.lastSeenAddress !== (address ?? null)) {
    // Bookkeeping: a power cut may lose it, and its fsync would block the event loop (a phone's
    // first request after the server started waited ~0.6 s for one).
    unsynced(db, () =>
      db
        .update(devices)
        .set({ lastSeenAt: now, lastSeenAddress: address ?? null })
        .where(eq(devices.id, row.id))
        .run(),
    );
  }
  return { userId: row.userId, deviceId: row.id };
}

export function revokeDevice(db: Db, userId: string, deviceId: string): void {
  const result = db
    .update(devices)
    .set({ revokedAt: new Date() })
    .where(and(eq(devices.id, deviceId), eq(devices.userId, userId), isNull(devices.revokedAt)))
    .run();
  if (result.changes !== 1) throw new KeepsakeError('NOT_FOUND', `There is no active device ${deviceId}.`);
}

/** Renames one of the person's devices; a revoked device keeps its history, so it can be renamed too. */
export function renameDevice(db: Db, userId: string, deviceId: string, name: string): void {
  const result = db
    .update(devices)
    .set({ name })
    .where(and(eq(devices.id, deviceId), eq(devices.userId, userId)))
    .run();
  if (result.changes !== 1) {
    throw new KeepsakeError('NOT_FOUND', `There is no device ${deviceId} of yours; reload the device list.`);
  }
}
