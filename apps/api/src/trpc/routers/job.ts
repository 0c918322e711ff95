import { on } from 'node:events';
import { failedJobSchema, jobChangeSchema, jobKinds, queueSummarySchema } from '@keepsake/shared';
import { z } from 'zod';
import { adminProcedure, authedProcedure, router } from '../init.js';

const kind = z.enum(jobKinds);

export const jobRouter = router({
  queues: authedProcedure
    .output(z.array(queueSummarySchema))
    .query(({ ctx }) => ctx.jobs.summaries(ctx.user.id)),

  failures: authedProcedure
    .input(z.object({ limit: z.number().int().min(1).max(1000).default(200) }))
    .output(z.array(failedJobSchema))
    .query(({ ctx, input }) => ctx.jobs.failures(ctx.user.id, input.limit)),

  retry: authedProcedure
    .input(z.object({ jobId: z.string() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => {
      ctx.jobs.retry(ctx.user.id, input.jobId);
      return { ok: true as const };
    }),

  retryAll: authedProcedure
    .input(z.object({ kind: kind.optional() }))
    .output(z.object({ retried: z.number().int() }))
    .mutation(({ ctx, input }) => ({ retried: ctx.jobs.retryAll(ctx.user.id, input.kind) })),

  pause: adminProcedure
    .input(z.object({ kind }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => {
      ctx.queue.pause(input.kind);
      return { ok: true as const };
    }),

  resume: adminProcedure
    .input(z.object({ kind }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => {
      ctx.queue.resume(input.kind);
      return { ok: true as const };
    }),

  /** Re-run a kind over the whole library: "missing" only where it never ran, or "all". */
  run: adminProcedure
    .input(z.object({ kind, mode: z.enum(['missing', 'all']) }))
    .output(z.object({ queued: z.number().int() }))
    .mutation(({ ctx, input }) => ({
      queued: ctx.queue.rerun(input.kind, ctx.jobs.allFileIds(), input.mode),
    })),

  /** Live job state changes for the signed-in person's files (server-sent events). */
  changes: authedProcedure.subscription(async function* ({ ctx, signal }) {
    for await (const [change] of on(ctx.queue.events, 'changed', { signal })) {
      const parsed = jobChangeSchema.extend({ subject: z.string() }).parse(change);
      if (ctx.jobs.ownerOf(parsed.subject) !== ctx.user.id) continue;
      yield { id: parsed.id, kind: parsed.kind, state: parsed.state };
    }
  }),
});
