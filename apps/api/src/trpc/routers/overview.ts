import {
  deviceStatusSchema,
  overviewHistorySchema,
  overviewInputSchema,
  overviewSummarySchema,
} from '@keepsake/shared';
import { z } from 'zod';
import { queueCounts } from '../../jobs/queue-counts.js';
import { deviceStatuses } from '../../overview/device-status.js';
import { OverviewService } from '../../overview/overview-service.js';
import { authedProcedure, router } from '../init.js';

/** Three queries, so the Overview shows each part as soon as it is ready. */
export const overviewRouter = router({
  summary: authedProcedure
    .input(overviewInputSchema)
    .output(overviewSummarySchema)
    .query(({ ctx, input }) =>
      new OverviewService(ctx.db).summary(
        ctx.user.id,
        input.timeZone,
        queueCounts(ctx.db, ctx.user.id, ctx.queue.pausedKinds()),
      ),
    ),

  history: authedProcedure
    .input(overviewInputSchema)
    .output(overviewHistorySchema)
    .query(({ ctx, input }) => new OverviewService(ctx.db).history(ctx.user.id, input.timeZone)),

  devices: authedProcedure
    .output(z.array(deviceStatusSchema))
    .query(({ ctx }) => deviceStatuses(ctx.db, ctx.user.id)),
});
