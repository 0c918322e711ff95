import { EventEmitter } from 'node:events';
import type { Db } from '@keepsake/db';
import { schema, unsynced } from '@keepsake/db';
import type { ErrorCode, JobKind } from '@keepsake/shared';
import { and, eq, inArray, sql } from 'drizzle-orm';

const { files, jobs, queueStates } = schema;
export type Job = typeof jobs.$inferSelect;

export interface JobFailure {
  code: ErrorCode;
  message: string;
  step?: string | undefined;
  /** A permanent failure (corrupt file, unsupported format) is not retried. */
  permanent: boolean;
}

const p = sql.placeholder;
/**
 * A new job's row, for a prepared insert: Drizzle fills in `$defaultFn` columns when a query is
 * built, so the id and times are named. Its owner is the owner of the file it works on, looked up
 * as it is inserted.
 */
const newJob = {
  id: p('id'),
  kind: p('kind'),
  subject: p('subject'),
  userId: sql<string | null>`(select ${files.userId} from ${files} where ${files.id} = ${p('subject')})`,
  runAt: p('now'),
  createdAt: p('now'),
  updatedAt: p('now'),
};
/** A placeholder SQLite takes as given (milliseconds): Drizzle's types allow none in an update's `set`. */
const rawMs = sql`${p('nowMs')}`;

function jobValues(kind: JobKind, subject: string) {
  const now = new Date();
  return { id: crypto.randomUUID(), kind, subject, now, nowMs: now.getTime() };
}

/** 2 s, 4 s, 8 s … capped at 10 minutes: a transient problem gets time to pass. */
export function backoffMs(attempt: number): number {
  return Math.min(2000 * 2 ** Math.max(0, attempt - 1), 600_000);
}

/**
 * The durable queue in SQLite. Enqueueing is idempotent (one job per kind and subject), a
 * lease expires so a crashed worker's job runs again, and the lease id stops a worker whose
 * lease was taken over from finishing the job a second time.
 */
export class JobQueue {
  /**
   * Emits 'enqueued' (kind, many) so idle workers wake at once instead of at their next poll:
   * one worker for one new job, all of them when `many` (or no kind) is given.
   */
  readonly events = new EventEmitter();

  /**
   * The lease's lookups, prepared once: built by the query builder on every lease (each upload
   * makes two jobs, and a worker asks again after each), they cost more of the main thread
   * than the rest of an upload's database work.
   */
  private readonly statements: {
    paused: { all(): JobKind[] };
    due: { get(kind: JobKind, at: number): [id: string, runAt: number] | undefined };
    expired: { get(kind: JobKind, at: number): string | undefined };
  };

  /**
   * Both inserts, prepared once: built and prepared on every call, they were a fifth of an
   * upload's database time on the event loop (every upload makes two jobs).
   */
  private readonly inserts;

  constructor(
    private readonly db: Db,
    private readonly leaseMs = 5 * 60_000,
  ) {
    this.inserts = {
      enqueue: db.insert(jobs).values(newJob).onConflictDoNothing().prepare(),
      enqueueAgain: db
        .insert(jobs)
        .values(newJob)
        .onConflictDoUpdate({
          target: [jobs.kind, jobs.subject],
          set: { state: 'queued', attempts: 0, runAt: rawMs, finishedAt: null, updatedAt: rawMs },
          setWhere: inArray(jobs.state, ['succeeded', 'failed']),
        })
        .prepare(),
    };
    const sqlite = db.$client;
    this.statements = {
      paused: sqlite.prepare('select kind from queue_states where paused = 1').pluck(),
      due: sqlite
        .prepare(
          "select id, run_at from jobs where kind = ? and state = 'queued' and run_at <= ? order by run_at limit 1",
        )
        .raw(),
      expired: sqlite
        .prepare("select id from jobs where kind = ? and state = 'running' and lease_expires_at <= ? limit 1")
        .pluck(),
    } as JobQueue['statements'];
  }

  /** Adds a job unless one exists for this kind and subject; inside a transaction, part of it. */
  enqueue(kind: JobKind, subject: string): void {
    this.inserts.enqueue.run(jobValues(kind, subject));
    queueMicrotask(() => this.events.emit('enqueued', kind));
  }

  /** Adds a job, or puts a finished one back in the queue; inside a transaction, part of it. */
  enqueueAgain(kind: JobKind, subject: string): void {
    this.inserts.enqueueAgain.run(jobValues(kind, subject));
    queueMicrotask(() => this.events.emit('enqueued', kind));
  }

  /** Takes the next due job of these kinds, or a running one whose lease ran out. */
  lease(kinds: readonly JobKind[], now = new Date()): Job | undefined {
    const paused = new Set(this.statements.paused.all());
    const active = kinds.filter((kind) => !paused.has(kind));
    if (active.length === 0) return undefined;
    const at = now.getTime();
    // Leases and outcomes are not fsynced one by one (see `unsynced`): a power cut that loses
    // one only runs that job again, and handlers are idempotent.
    const leased = unsynced(this.db, () =>
      this.db.transaction((tx) => {
        // Per kind, two questions, each answered by one index walk (jobs_kind_state_run_idx
        // and jobs_state_lease_idx): an OR of both made SQLite scan every job ever run.
        let due: [id: string, runAt: number] | undefined;
        for (const kind of active) {
          const next = this.statements.due.get(kind, at);
          if (next && (!due || next[1] < due[1])) due = next;
        }
        const id = due?.[0] ?? active.map((kind) => this.statements.expired.get(kind, at)).find(Boolean);
        if (!id) return undefined;
        return tx
          .update(jobs)
          .set({
            state: 'running',
            attempts: sql`${jobs.attempts} + 1`,
            leaseId: crypto.randomUUID(),
            leaseExpiresAt: new Date(at + this.leaseMs),
            updatedAt: now,
          })
          .where(eq(jobs.id, id))
          .returning()
          .get();
      }),
    );
    if (leased) this.changed(leased);
    return leased;
  }

  /** Marks a leased job done; false when the lease was lost (another worker owns it now). */
  succeed(job: Job): boolean {
    const now = new Date();
    const result = unsynced(this.db, () =>
      this.db
        .update(jobs)
        .set({
          state: 'succeeded',
          leaseId: null,
          leaseExpiresAt: null,
          lastErrorCode: null,
          lastErrorMessage: null,
          updatedAt: now,
          finishedAt: now,
        })
        .where(and(eq(jobs.id, job.id), eq(jobs.leaseId, job.leaseId ?? '')))
        .run(),
    );
    if (result.changes === 1) this.changed({ ...job, state: 'succeeded' });
    return result.changes === 1;
  }

  /** Records why the job failed; schedules a retry unless it is permanent or out of attempts. */
  fail(job: Job, failure: JobFailure): 'retrying' | 'failed' | 'lost' {
    const now = new Date();
    const giveUp = failure.permanent || job.attempts >= job.maxAttempts;
    const result = unsynced(this.db, () =>
      this.db
        .update(jobs)
        .set({
          state: giveUp ? 'failed' : 'queued',
          runAt: giveUp ? job.runAt : new Date(now.getTime() + backoffMs(job.attempts)),
          leaseId: null,
          leaseExpiresAt: null,
          lastErrorCode: failure.code,
          lastErrorMessage: failure.message,
          lastErrorStep: failure.step ?? null,
          updatedAt: now,
          finishedAt: giveUp ? now : null,
          // A failure a person dismissed earlier is news again when the job fails anew.
          dismissedAt: null,
        })
        .where(and(eq(jobs.id, job.id), eq(jobs.leaseId, job.leaseId ?? '')))
        .run(),
    );
    if (result.changes !== 1) return 'lost';
    this.changed({ ...job, state: giveUp ? 'failed' : 'queued' });
    return giveUp ? 'failed' : 'retrying';
  }

  /** Puts a failed job back in the queue with fresh attempts. */
  retry(jobId: string): boolean {
    const result = this.db
      .update(jobs)
      .set({ state: 'queued', attempts: 0, runAt: new Date(), finishedAt: null, updatedAt: new Date() })
      .where(and(eq(jobs.id, jobId), eq(jobs.state, 'failed')))
      .run();
    if (result.changes === 1) queueMicrotask(() => this.events.emit('enqueued'));
    return result.changes === 1;
  }

  /** Retries every failed job of a kind (or of all kinds); returns how many were queued again. */
  retryAllFailed(kind?: JobKind): number {
    const result = this.db
      .update(jobs)
      .set({ state: 'queued', attempts: 0, runAt: new Date(), finishedAt: null, updatedAt: new Date() })
      .where(and(eq(jobs.state, 'failed'), kind ? eq(jobs.kind, kind) : undefined))
      .run();
    if (result.changes > 0) queueMicrotask(() => this.events.emit('enqueued'));
    return result.changes;
  }

  /**
   * Runs a kind again over `subjects`: "missing" adds jobs only where none exists, "all" also
   * re-queues finished ones (after a better decoder arrives, say).
   */
  rerun(kind: JobKind, subjects: readonly string[], mode: 'missing' | 'all'): number {
    // "all" is enqueueAgain's upsert: a finished job is queued again, a live one left alone.
    const insert = mode === 'all' ? this.inserts.enqueueAgain : this.inserts.enqueue;
    let queued = 0;
    this.db.transaction(() => {
      for (const subject of subjects) queued += insert.run(jobValues(kind, subject)).changes;
    });
    if (queued > 0) queueMicrotask(() => this.events.emit('enqueued', kind, queued > 1));
    return queued;
  }

  pause(kind: JobKind): void {
    this.db
      .insert(queueStates)
      .values({ kind, paused: true })
      .onConflictDoUpdate({ target: queueStates.kind, set: { paused: true, updatedAt: new Date() } })
      .run();
    this.events.emit('queue', { kind, paused: true });
  }

  resume(kind: JobKind): void {
    this.db
      .insert(queueStates)
      .values({ kind, paused: false })
      .onConflictDoUpdate({ target: queueStates.kind, set: { paused: false, updatedAt: new Date() } })
      .run();
    this.events.emit('queue', { kind, paused: false });
    queueMicrotask(() => this.events.emit('enqueued', kind, true));
  }

  pausedKinds(): JobKind[] {
    return this.db
      .select({ kind: queueStates.kind })
      .from(queueStates)
      .where(eq(queueStates.paused, true))
      .all()
      .map((row) => row.kind);
  }

  /** State changes, for the dashboard's live view: `changed` with the job's id, kind and new state. */
  private changed(job: Pick<Job, 'id' | 'kind' | 'subject' | 'state'>): void {
    this.events.emit('changed', { id: job.id, kind: job.kind, subject: job.subject, state: job.state });
  }

  get(jobId: string): Job | undefined {
    return this.db.select().from(jobs).where(eq(jobs.id, jobId)).get();
  }
}
