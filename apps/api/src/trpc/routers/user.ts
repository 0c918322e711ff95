import { schema } from '@keepsake/db';
import { createUserInputSchema, userAccountSchema } from '@keepsake/shared';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { createUser } from '../../auth/users.js';
import { KeepsakeError } from '../../errors.js';
import { usedBytes } from '../../uploads/quota.js';
import { adminProcedure, router } from '../init.js';

const { users } = schema;

/** People on this server: the admin adds them and sets their quotas. */
export const userRouter = router({
  list: adminProcedure.output(z.array(userAccountSchema)).query(({ ctx }) =>
    ctx.db
      .select({
        id: users.id,
        email: users.email,
        role: users.role,
        createdAt: users.createdAt,
        quotaBytes: users.quotaBytes,
        usedBytes: users.usedBytes,
      })
      .from(users)
      .orderBy(users.createdAt)
      .all()
      .map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })),
  ),

  create: adminProcedure
    .input(createUserInputSchema)
    .output(userAccountSchema)
    .mutation(async ({ ctx, input }) => {
      const user = await createUser(ctx.db, input);
      return { ...user, createdAt: user.createdAt.toISOString(), usedBytes: 0 };
    }),

  setQuota: adminProcedure
    .input(z.object({ userId: z.string(), quotaBytes: z.number().int().positive().nullable() }))
    .output(z.object({ ok: z.literal(true), usedBytes: z.number().int() }))
    .mutation(({ ctx, input }) => {
      const changed = ctx.db
        .update(users)
        .set({ quotaBytes: input.quotaBytes })
        .where(eq(users.id, input.userId))
        .run();
      if (changed.changes !== 1) throw new KeepsakeError('NOT_FOUND', `There is no user ${input.userId}.`);
      return { ok: true as const, usedBytes: usedBytes(ctx.db, input.userId) };
    }),
});
