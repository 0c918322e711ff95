import type { EventEmitter } from 'node:events';
import { type Db, schema } from '@keepsake/db';
import type { FinishedUpload, QueueSummary, UploadActivity, UploadInFlight } from '@keepsake/shared';
import { and, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { JobReports } from '../jobs/job-reports.js';

const { devices, uploads } = schema;

/** Bytes arrived this recently: the upload is in flight. Older unfinished ones wait for their client. */
const inFlightMs = 60_000;
/**
 * The upload service notes progress in the database every 5 s, so speed is measured over a
 * window holding at least two notes, and an upload counts as stalled only after two missed ones.
 */
const speedWindowMs = 12_000;
const stalledAfterMs = 11_000;
const recentCount = 15;

interface Sample {
  bytes: number;
  at: number;
}

/**
 * Snapshots of one person's upload activity for the live Activity page. The upload records
 * already hold each upload's progress (updated as bytes reach the disk), so speed and time left
 * come from comparing successive snapshots; this keeps the feed out of the upload path.
 */
export class UploadActivityFeed {
  private readonly samples = new Map<string, Sample[]>();
  private queues: QueueSummary[] | undefined;
  private readonly markQueuesChanged = () => {
    this.queues = undefined;
  };

  constructor(
    private readonly db: Db,
    private readonly jobs: Pick<JobReports, 'summaries'>,
    private readonly userId: string,
    /** The job queue's events: queue counts are recounted only after something changed. */
    private readonly jobEvents?: EventEmitter,
  ) {
    jobEvents?.on('changed', this.markQueuesChanged);
    jobEvents?.on('enqueued', this.markQueuesChanged);
    jobEvents?.on('queue', this.markQueuesChanged);
  }

  close(): void {
    this.jobEvents?.off('changed', this.markQueuesChanged);
    this.jobEvents?.off('enqueued', this.markQueuesChanged);
    this.jobEvents?.off('queue', this.markQueuesChanged);
  }

  snapshot(now = Date.now()): UploadActivity {
    const receiving = and(eq(uploads.userId, this.userId), eq(uploads.state, 'receiving'));
    const cutoff = new Date(now - inFlightMs);
    const active = this.db
      .select({ upload: uploads, deviceName: devices.name })
      .from(uploads)
      .leftJoin(devices, eq(devices.id, uploads.deviceId))
      .where(and(receiving, gte(uploads.updatedAt, cutoff)))
      .orderBy(uploads.startedAt)
      .all();
    const waiting =
      this.db
        .select({ count: sql<number>`count(*)` })
        .from(uploads)
        .where(and(receiving, lt(uploads.updatedAt, cutoff)))
        .get()?.count ?? 0;
    const inFlight = active.map(({ upload, deviceName }): UploadInFlight => {
      const speed = this.measure(upload.id, upload.receivedBytes, upload.updatedAt.getTime(), now);
      const left = upload.expectedSize === null ? null : upload.expectedSize - upload.receivedBytes;
      return {
        id: upload.id,
        filename: upload.filename,
        device: upload.deviceId && deviceName ? { id: upload.deviceId, name: deviceName } : null,
        receivedBytes: upload.receivedBytes,
        expectedSize: upload.expectedSize,
        startedAt: upload.startedAt.toISOString(),
        updatedAt: upload.updatedAt.toISOString(),
        bytesPerSecond: speed,
        secondsLeft: speed && left !== null && speed > 0 ? Math.ceil(left / speed) : null,
      };
    });
    const live = new Set(active.map((r) => r.upload.id));
    for (const id of this.samples.keys()) if (!live.has(id)) this.samples.delete(id);
    this.queues ??= this.jobs.summaries(this.userId);
    return {
      at: new Date(now).toISOString(),
      inFlight,
      waiting,
      queues: this.queues,
      recent: this.recent(now),
    };
  }

  /** Bytes per second over the last few seconds; null until two samples are apart in time. */
  private measure(id: string, bytes: number, at: number, now: number): number | null {
    const kept = (this.samples.get(id) ?? []).filter((s) => now - s.at <= speedWindowMs);
    if (kept.at(-1)?.at !== at) kept.push({ bytes, at });
    this.samples.set(id, kept);
    const first = kept[0]!;
    const last = kept.at(-1)!;
    // No progress note for a while means nothing is arriving now, whatever the last rate was.
    if (now - last.at > stalledAfterMs) return 0;
    if (last.at - first.at < 500) return null;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  }

  /** The latest finished uploads; the state index finds each kind's newest without a sort of everything. */
  private recent(now: number): FinishedUpload[] {
    const since = new Date(now - 7 * 86_400_000);
    const latest = (states: (typeof uploads.$inferSelect.state)[]) =>
      this.db
        .select({ upload: uploads, deviceName: devices.name })
        .from(uploads)
        .leftJoin(devices, eq(devices.id, uploads.deviceId))
        .where(
          and(
            eq(uploads.userId, this.userId),
            inArray(uploads.state, states),
            gte(uploads.startedAt, since),
            lt(uploads.startedAt, new Date(now + 60_000)),
          ),
        )
        .orderBy(desc(uploads.startedAt))
        .limit(recentCount)
        .all();
    return [...latest(['stored']), ...latest(['failed', 'cancelled', 'expired'])]
      .map(({ upload, deviceName }) => ({
        id: upload.id,
        filename: upload.filename,
        device: upload.deviceId && deviceName ? { id: upload.deviceId, name: deviceName } : null,
        state: upload.state,
        size: upload.expectedSize ?? upload.receivedBytes,
        finishedAt: (upload.finishedAt ?? upload.updatedAt).toISOString(),
        assetId: upload.assetId,
        failure: upload.failureCode
          ? { code: upload.failureCode, message: upload.failureMessage ?? '' }
          : null,
      }))
      .sort((a, b) => b.finishedAt.localeCompare(a.finishedAt))
      .slice(0, recentCount);
  }
}

/** A cheap fingerprint of what a person would see change; the clock alone is not a change. */
export function activityKey(activity: UploadActivity): string {
  const { at: _at, ...rest } = activity;
  return JSON.stringify(rest);
}
