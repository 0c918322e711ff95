import { type Db, schema } from '@keepsake/db';
import {
  type AssetKind,
  assetKinds,
  type DayPoint,
  type OverviewHistory,
  type OverviewSummary,
  type QueueSummary,
} from '@keepsake/shared';
import { and, eq, gte, type SQL, sql } from 'drizzle-orm';
import { ownFiles, ownsEveryFile } from '../assets/library-scope.js';
import { dataDirOf, diskPressure, diskSpace } from './disk-space.js';
import { bucketMs, dayKey, lastDays } from './local-days.js';

const { assetCounts, derivatives, files, uploads, users } = schema;
const historyDays = 30;
const dayMs = 86_400_000;

interface Bucket {
  bucket: number;
  count: number;
  bytes: number;
}

/**
 * Keeps a query on derivatives to the person's files, or to none at all when they own every file.
 * A probe per derivative row: joining files first walked every file of the person (~1 s at 125k).
 */
function ownDerivatives(db: Db, userId: string): SQL | undefined {
  return ownsEveryFile(db, userId)
    ? undefined
    : sql`exists (select 1 from ${files} where ${files.id} = ${derivatives.fileId} and ${files.userId} = ${userId})`;
}

/**
 * The Overview's numbers for one person. Each part is its own query so the page can show what is
 * ready without waiting for the slowest; per-day series are summed in quarter-hour buckets in SQL
 * (at most ~3,000 rows for 30 days) and folded into the viewer's calendar days here.
 */
export class OverviewService {
  constructor(private readonly db: Db) {}

  async summary(
    userId: string,
    timeZone: string,
    queues: QueueSummary[],
    now = Date.now(),
  ): Promise<OverviewSummary> {
    const pausedKinds = queues.filter((q) => q.paused).map((q) => q.kind);
    // Kept by triggers on `assets` (migration 0013), not counted on every visit.
    const kindRows = this.db
      .select({ kind: assetCounts.kind, count: assetCounts.count })
      .from(assetCounts)
      .where(eq(assetCounts.userId, userId))
      .all();
    const byKind = Object.fromEntries(
      assetKinds.map((kind) => [kind, kindRows.find((r) => r.kind === kind)?.count ?? 0]),
    ) as Record<AssetKind, number>;
    const disk = await diskSpace(dataDirOf(this.db));
    const today = dayKey(now, timeZone);
    const todays = this.uploadBuckets(userId, now - 2 * dayMs).filter(
      (b) => dayKey(b.bucket * bucketMs, timeZone) === today,
    );
    const pressure = diskPressure(disk);
    const stored = this.storedBytes(userId);
    const total = (state: 'queued' | 'running' | 'failed') =>
      queues.reduce((sum, q) => sum + q.counts[state], 0);
    return {
      assets: { total: kindRows.reduce((sum, r) => sum + r.count, 0), byKind },
      storage: {
        originalBytes: stored.originals,
        derivativeBytes: stored.derivatives,
        disk,
      },
      uploadsToday: {
        count: todays.reduce((sum, b) => sum + b.count, 0),
        bytes: todays.reduce((sum, b) => sum + b.bytes, 0),
      },
      processing: {
        queued: total('queued'),
        running: total('running'),
        failed: total('failed'),
        pausedKinds,
      },
      attention: [
        ...(pressure
          ? [{ kind: pressure, severity: pressure === 'diskFull' ? 'error' : 'warning' } as const]
          : []),
        ...(pausedKinds.length > 0 ? [{ kind: 'queuePaused', severity: 'warning' } as const] : []),
      ],
    };
  }

  /** Uploads and bytes per day for the last 30 days, and how much was stored at each day's end. */
  history(userId: string, timeZone: string, now = Date.now()): OverviewHistory {
    const days = lastDays(historyDays, now, timeZone);
    // One extra day on each side of the window covers any zone's offset from UTC.
    const since = now - (historyDays + 1) * dayMs;
    const uploaded = this.sumByDay(this.uploadBuckets(userId, since), timeZone);
    const storedOriginals = this.sumByDay(this.fileBuckets(userId, since), timeZone);
    const storedDerivatives = this.sumByDay(this.derivativeBuckets(userId, since), timeZone);
    const stored = this.storedBytes(userId);
    // What is stored at the end of day D is today's total minus what arrived after D.
    const storedAtEndOf = (total: number, perDay: Map<string, Bucket>, day: string) =>
      total - [...perDay].reduce((sum, [key, b]) => (key > day ? sum + b.bytes : sum), 0);
    return {
      days: days.map(
        (day): DayPoint => ({
          day,
          uploads: uploaded.get(day)?.count ?? 0,
          uploadedBytes: uploaded.get(day)?.bytes ?? 0,
          storedOriginalBytes: storedAtEndOf(stored.originals, storedOriginals, day),
          storedDerivativeBytes: storedAtEndOf(stored.derivatives, storedDerivatives, day),
        }),
      ),
    };
  }

  /**
   * Bytes of originals and of thumbnails and previews, both kept on the person's row by triggers
   * (migrations 0008 and 0012) rather than summed on every visit.
   */
  private storedBytes(userId: string): { originals: number; derivatives: number } {
    const row = this.db
      .select({ originals: users.usedBytes, derivatives: users.derivativeBytes })
      .from(users)
      .where(eq(users.id, userId))
      .get();
    return row ?? { originals: 0, derivatives: 0 };
  }

  /** Stored uploads by when they finished (duplicates included: they are uploads too). */
  private uploadBuckets(userId: string, since: number): Bucket[] {
    const bucket = sql<number>`${uploads.finishedAt} / ${sql.raw(String(bucketMs))}`;
    return this.db
      .select({ bucket, count: sql<number>`count(*)`, bytes: sql<number>`sum(${uploads.receivedBytes})` })
      .from(uploads)
      .where(
        and(
          eq(uploads.userId, userId),
          eq(uploads.state, 'stored'),
          // started_at is in the index; an upload that took longer than a day is rare and still counted below.
          gte(uploads.startedAt, new Date(since - dayMs)),
          gte(uploads.finishedAt, new Date(since)),
        ),
      )
      .groupBy(bucket)
      .all();
  }

  private fileBuckets(userId: string, since: number): Bucket[] {
    const bucket = sql<number>`${files.createdAt} / ${sql.raw(String(bucketMs))}`;
    return this.db
      .select({ bucket, count: sql<number>`count(*)`, bytes: sql<number>`sum(${files.size})` })
      .from(files)
      .where(and(ownFiles(this.db, userId), gte(files.createdAt, new Date(since))))
      .groupBy(bucket)
      .all();
  }

  private derivativeBuckets(userId: string, since: number): Bucket[] {
    const bucket = sql<number>`${derivatives.createdAt} / ${sql.raw(String(bucketMs))}`;
    const columns = { bucket, count: sql<number>`count(*)`, bytes: sql<number>`sum(${derivatives.size})` };
    return this.db
      .select(columns)
      .from(derivatives)
      .where(and(gte(derivatives.createdAt, new Date(since)), ownDerivatives(this.db, userId)))
      .groupBy(bucket)
      .all();
  }

  private sumByDay(buckets: Bucket[], timeZone: string): Map<string, Bucket> {
    const days = new Map<string, Bucket>();
    for (const b of buckets) {
      const key = dayKey(b.bucket * bucketMs, timeZone);
      const sum = days.get(key) ?? { bucket: b.bucket, count: 0, bytes: 0 };
      days.set(key, { ...sum, count: sum.count + b.count, bytes: sum.bytes + b.bytes });
    }
    return days;
  }
}
