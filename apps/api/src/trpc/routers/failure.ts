import { dismissFailuresInputSchema, failureListSchema } from '@keepsake/shared';
import { z } from 'zod';
import { dismissFailures, restoreDismissedFailures } from '../../failures/dismiss-failures.js';
import { listFailures } from '../../failures/failure-list.js';
import { authedProcedure, router } from '../init.js';

const changedSchema = z.object({ changed: z.number().int() });

/** Failed uploads and jobs in one list; retrying a job stays `job.retry` / `job.retryAll`. */
export const failureRouter = router({
  list: authedProcedure
    .input(z.object({ limit: z.number().int().min(1).max(2000).default(500) }).default({ limit: 500 }))
    .output(failureListSchema)
    .query(({ ctx, input }) => listFailures(ctx.db, ctx.user.id, input.limit)),

  dismiss: authedProcedure
    .input(dismissFailuresInputSchema)
    .output(changedSchema)
    .mutation(({ ctx, input }) => ({ changed: dismissFailures(ctx.db, ctx.user.id, input.ids) })),

  restoreDismissed: authedProcedure
    .output(changedSchema)
    .mutation(({ ctx }) => ({ changed: restoreDismissedFailures(ctx.db, ctx.user.id) })),
});
