import { setTimeout as sleep } from 'node:timers/promises';
import { uploadActivitySchema } from '@keepsake/shared';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { queueCounts } from '../../jobs/queue-counts.js';
import { activityKey, UploadActivityFeed } from '../../uploads/upload-activity.js';
import { authedProcedure, router } from '../init.js';

/** A frame is sent when something changed, and at least this often so a stale view is impossible. */
const heartbeatMs = 15_000;

export const uploadRouter = router({
  /**
   * The live Activity page (server-sent events): a fresh snapshot every second while anything
   * changes. Each frame is a whole snapshot, so a reconnecting client needs no replay and the
   * tracked id only lets the link resume the stream.
   */
  activity: authedProcedure
    .input(z.object({ lastEventId: z.string().nullish() }).optional())
    .subscription(async function* ({ ctx, signal }) {
      const feed = new UploadActivityFeed(
        ctx.db,
        { summaries: (userId) => queueCounts(ctx.db, userId, ctx.queue.pausedKinds()) },
        ctx.user.id,
        ctx.queue.events,
      );
      try {
        let lastKey = '';
        let lastSent = 0;
        while (!signal?.aborted) {
          const snapshot = uploadActivitySchema.parse(feed.snapshot());
          const key = activityKey(snapshot);
          if (key !== lastKey || Date.now() - lastSent >= heartbeatMs) {
            lastKey = key;
            lastSent = Date.now();
            yield tracked(snapshot.at, snapshot);
          }
          await sleep(1000, undefined, signal ? { signal } : {}).catch(() => undefined);
        }
      } finally {
        feed.close();
      }
    }),
});
