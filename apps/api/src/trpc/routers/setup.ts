import { createAdminInputSchema, setupStatusSchema, userSchema } from '@keepsake/shared';
import { createFirstAdmin, needsAdmin } from '../../auth/first-run.js';
import { createSession } from '../../auth/sessions.js';
import { publicProcedure, router } from '../init.js';

/** First run: a new server has no account and no default password; the first visitor makes the admin. */
export const setupRouter = router({
  status: publicProcedure.output(setupStatusSchema).query(({ ctx }) => ({ needsAdmin: needsAdmin(ctx.db) })),

  /** Works only while there is no account at all; the new admin is signed in at once. */
  createAdmin: publicProcedure
    .input(createAdminInputSchema)
    .output(userSchema)
    .mutation(async ({ ctx, input }) => {
      const user = await createFirstAdmin(ctx.db, input);
      const session = createSession(ctx.db, user.id, ctx.config.sessionMs, ctx.transport);
      ctx.transport.setSessionCookie(session.token, session.expiresAt);
      return user;
    }),
});
