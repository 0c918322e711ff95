import { schema } from '@keepsake/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users.js';
import { JobReports } from '../jobs/job-reports.js';
import { JobQueue } from '../jobs/queue.js';
import { seedAsset } from '../testing/seed-library.js';
import { tempDatabase } from '../testing/temp-db.js';
import { queueCounts } from './queue-counts.js';

let database: ReturnType<typeof tempDatabase>;
beforeEach(() => {
  database = tempDatabase();
});
afterEach(() => database.cleanup());

/** Whether every stored file belongs to this person (a library of one person, or of several). */
const ownsEveryFile = (userId: string) =>
  database.db
    .selectDistinct({ userId: schema.files.userId })
    .from(schema.files)
    .all()
    .every((file) => file.userId === userId);

describe('queue counts', () => {
  it('match the job reports, for the only person and for one of several', async () => {
    const queue = new JobQueue(database.db);
    const reports = new JobReports(database.db, queue);
    const me = await createUser(database.db, {
      email: 'me@example.com',
      password: 'a long password',
      role: 'admin',
    });
    for (let i = 0; i < 3; i++) queue.enqueue('thumbnail', seedAsset(database.db, me.id).fileId);
    queue.enqueue('metadata', seedAsset(database.db, me.id).fileId);
    queue.succeed(queue.lease(['thumbnail'])!);
    queue.lease(['thumbnail']);

    expect(ownsEveryFile(me.id)).toBe(true);
    expect(queueCounts(database.db, me.id, ['metadata'])).toEqual(
      reports.summaries(me.id).map((q) => ({ ...q, paused: q.kind === 'metadata' })),
    );

    const other = await createUser(database.db, {
      email: 'o@example.com',
      password: 'a long password',
      role: 'member',
    });
    queue.enqueue('thumbnail', seedAsset(database.db, other.id).fileId);
    expect(ownsEveryFile(me.id)).toBe(false);
    expect(queueCounts(database.db, me.id, [])).toEqual(reports.summaries(me.id));
    expect(queueCounts(database.db, other.id, [])).toEqual(reports.summaries(other.id));
    expect(queueCounts(database.db, me.id, [])[0]?.counts).toEqual({
      queued: 1,
      running: 1,
      succeeded: 1,
      failed: 0,
    });
  });
});
