import { type Db, schema } from '@keepsake/db';
import {
  type AssetKind,
  assetKinds,
  type DayPoint,
  type OverviewHistory,
  type OverviewSummary,
  type QueueSummary,
} from '@keepsake/shared';
import { and, eq, gte } from 'drizzle-orm';
import { dataDirOf, diskPressure, diskSpace } from './disk-space.js';
import { bucketMs, dayKey, lastDays } from './local-days.js';

const { assetCounts, historyBuckets, users } = schema;
const historyDays = 30;
const dayMs = 86_400_000;

/** A quarter-hour's uploads and new bytes (`history_buckets`, kept by triggers). */
type Bucket = Omit<typeof historyBuckets.$inferSelect, 'userId'>;
type Totals = Omit<Bucket, 'bucket'>;

/**
 * The Overview's numbers for one person. Each part is its own query so the page can show what is
 * ready without waiting for the slowest; per-day series come from quarter-hour totals kept by
 * triggers (at most ~3,000 rows for 30 days), folded into the viewer's calendar days here.
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
    const todays = this.byDay(this.buckets(userId, now - 2 * dayMs), timeZone).get(dayKey(now, timeZone));
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
      uploadsToday: { count: todays?.uploads ?? 0, bytes: todays?.uploadedBytes ?? 0 },
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
    const perDay = this.byDay(this.buckets(userId, now - (historyDays + 1) * dayMs), timeZone);
    const stored = this.storedBytes(userId);
    // What is stored at the end of day D is today's total minus what arrived after D.
    const addedAfter = (day: string, field: 'fileBytes' | 'derivativeBytes') =>
      [...perDay].reduce((sum, [key, totals]) => (key > day ? sum + totals[field] : sum), 0);
    return {
      days: days.map(
        (day): DayPoint => ({
          day,
          uploads: perDay.get(day)?.uploads ?? 0,
          uploadedBytes: perDay.get(day)?.uploadedBytes ?? 0,
          storedOriginalBytes: stored.originals - addedAfter(day, 'fileBytes'),
          storedDerivativeBytes: stored.derivatives - addedAfter(day, 'derivativeBytes'),
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

  /** The person's quarter-hours from `since` on: at most 96 a day. */
  private buckets(userId: string, since: number): Bucket[] {
    const { bucket, uploads, uploadedBytes, fileBytes, derivativeBytes } = historyBuckets;
    return this.db
      .select({ bucket, uploads, uploadedBytes, fileBytes, derivativeBytes })
      .from(historyBuckets)
      .where(and(eq(historyBuckets.userId, userId), gte(bucket, Math.floor(since / bucketMs))))
      .all();
  }

  /** Quarter-hours folded into the viewer's calendar days. */
  private byDay(buckets: Bucket[], timeZone: string): Map<string, Totals> {
    const days = new Map<string, Totals>();
    for (const { bucket, ...totals } of buckets) {
      const key = dayKey(bucket * bucketMs, timeZone);
      const sum = days.get(key);
      days.set(
        key,
        sum
          ? {
              uploads: sum.uploads + totals.uploads,
              uploadedBytes: sum.uploadedBytes + totals.uploadedBytes,
              fileBytes: sum.fileBytes + totals.fileBytes,
              derivativeBytes: sum.derivativeBytes + totals.derivativeBytes,
            }
          : totals,
      );
    }
    return days;
  }
}
