import { jobKinds, jobStates } from '@keepsake/shared';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, timestamp } from './columns.js';
import { users } from './users.js';

/**
 * The durable work queue, one table in the same SQLite file (modelled on liteque). A job is
 * leased, not taken: a worker that dies leaves a lease that expires, and the job runs again.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: id(),
    kind: text('kind', { enum: jobKinds }).notNull(),
    /** What the job works on (a file id for thumbnails); one live job per kind and subject. */
    subject: text('subject').notNull(),
    /**
     * Whose file the subject is, set from `files` when the job is made: a person's queue counts
     * and failed jobs are one index range instead of a probe of `files` per job (0.4–0.6 s at
     * 100,000 assets with two people, on the event loop that receives uploads).
     */
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    state: text('state', { enum: jobStates }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    runAt: timestamp('run_at')
      .notNull()
      .$defaultFn(() => new Date()),
    leaseId: text('lease_id'),
    leaseExpiresAt: timestamp('lease_expires_at'),
    lastErrorCode: text('last_error_code'),
    lastErrorMessage: text('last_error_message'),
    /** Which step failed (decode, resize, store, …), so a person knows where to look. */
    lastErrorStep: text('last_error_step'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at')
      .notNull()
      .$defaultFn(() => new Date()),
    finishedAt: timestamp('finished_at'),
    /** A person dismissed this failure; failing again brings it back. */
    dismissedAt: timestamp('dismissed_at'),
  },
  (t) => [
    uniqueIndex('jobs_kind_subject_idx').on(t.kind, t.subject),
    // A worker's two questions, each one index walk however many jobs are done: the next due
    // job of its kind, and a job whose lease ran out.
    index('jobs_kind_state_run_idx').on(t.kind, t.state, t.runAt),
    index('jobs_state_lease_idx').on(t.state, t.leaseExpiresAt),
    // The Failures page: failed jobs, newest first, without sorting all of them.
    index('jobs_state_finished_idx').on(t.state, t.finishedAt),
    // A person's jobs by state and kind: queue counts read only this index.
    index('jobs_user_state_kind_idx').on(t.userId, t.state, t.kind),
  ],
);

/** Queues a person paused from the dashboard; a missing row means running. */
export const queueStates = sqliteTable('queue_states', {
  kind: text('kind', { enum: jobKinds }).primaryKey(),
  paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
  updatedAt: timestamp('updated_at')
    .notNull()
    .$defaultFn(() => new Date()),
});

/**
 * How many of a person's jobs are of each kind and in each state, kept by triggers on `jobs`
 * (migration 0013). The Overview and the Activity page show these counts, the Activity page
 * again after every finished job; counting a million jobs took ~0.5 s (3 s cold) on the event
 * loop. Jobs without an owner are not counted: no person's page shows them.
 */
export const jobCounts = sqliteTable(
  'job_counts',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: jobKinds }).notNull(),
    state: text('state', { enum: jobStates }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind, t.state] })],
);
