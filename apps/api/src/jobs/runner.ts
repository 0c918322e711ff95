import type { JobKind } from '@keepsake/shared';
import { isKeepsakeError } from '../errors.js';
import type { Logger } from '../log.js';
import type { UploadTraffic } from '../uploads/upload-traffic.js';
import type { Job, JobQueue } from './queue.js';

export type JobHandler = (job: Job) => Promise<void>;

export interface RunnerOptions {
  kind: JobKind;
  handler: JobHandler;
  concurrency: number;
  /** How often idle workers look for due retries; new jobs wake them at once. */
  pollMs?: number;
  /** Uploads that keep the server busy make each worker hold back before its next job… */
  uploads?: UploadTraffic;
  /** …for at most this long, so a long backup still makes thumbnails as it goes. */
  maxHoldBackMs?: number;
}

/** How often a worker that is holding back looks whether the uploads have eased. */
const holdBackStepMs = 100;

/**
 * Runs one kind of job with a fixed number of workers. Workers never block the event loop:
 * handlers do their heavy work in libuv's pool (sharp) or child processes, so uploads keep
 * flowing while thumbnails are made; while uploads keep the server busy, workers hold back.
 */
export class JobRunner {
  private stopped = false;
  private readonly workers: Promise<void>[] = [];
  private readonly sleepers = new Set<() => void>();
  /** Workers holding back for uploads: apart, so a new job's wake-up goes to an idle worker. */
  private readonly holding = new Set<() => void>();

  constructor(
    private readonly queue: JobQueue,
    private readonly log: Logger,
    private readonly options: RunnerOptions,
  ) {}

  start(): void {
    this.queue.events.on('enqueued', this.onEnqueued);
    for (let i = 0; i < this.options.concurrency; i++) this.workers.push(this.work());
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      await this.holdBackForUploads();
      if (this.stopped) break;
      const job = this.queue.lease([this.options.kind]);
      if (!job) {
        await this.idle();
        continue;
      }
      await this.runOne(job);
    }
  }

  /**
   * One new job of this kind wakes one idle worker. Waking every worker of every kind made each
   * upload cost a lease query (and its transaction) per worker, most of them finding nothing.
   * A change of many jobs (a re-run, a retry of all failures, a resumed queue) wakes them all.
   */
  private readonly onEnqueued = (kind?: JobKind, many?: boolean): void => {
    if (kind !== undefined && kind !== this.options.kind) return;
    if (kind === undefined || many) {
      this.wakeAll();
      return;
    }
    const [first] = this.sleepers;
    first?.();
  };

  private readonly wakeAll = (): void => {
    for (const wake of this.sleepers) wake();
  };

  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.events.off('enqueued', this.onEnqueued);
    this.wakeAll();
    for (const wake of this.holding) wake();
    await Promise.all(this.workers);
  }

  /**
   * Uploads first: while they keep the event loop busy, a job would slow every phone's upload
   * down (see `UploadTraffic`). After `maxHoldBackMs` the job runs anyway.
   */
  private async holdBackForUploads(): Promise<void> {
    const { uploads, maxHoldBackMs = 10_000 } = this.options;
    if (!uploads) return;
    const until = Date.now() + maxHoldBackMs;
    while (!this.stopped && uploads.contended() && Date.now() < until) {
      await this.idle(holdBackStepMs, this.holding);
    }
  }

  private idle(ms = this.options.pollMs ?? 1000, sleepers = this.sleepers): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });
  }

  private async runOne(job: Job): Promise<void> {
    const log = this.log.child({
      jobId: job.id,
      kind: job.kind,
      subject: job.subject,
      attempt: job.attempts,
    });
    try {
      await this.options.handler(job);
      if (!this.queue.succeed(job)) log.warn({ event: 'job.lease_lost' });
      else log.debug({ event: 'job.succeeded' });
    } catch (error) {
      const failure = isKeepsakeError(error)
        ? { code: error.code, message: error.message, step: error.step, permanent: error.code !== 'INTERNAL' }
        : {
            code: 'INTERNAL' as const,
            message: String((error as Error)?.message ?? error),
            permanent: false,
          };
      const outcome = this.queue.fail(job, failure);
      const entry = {
        event: outcome === 'failed' ? 'job.failed' : 'job.retrying',
        code: failure.code,
        reason: failure.message,
      };
      if (outcome === 'failed') log.error(entry);
      else log.warn(entry);
    }
  }
}
