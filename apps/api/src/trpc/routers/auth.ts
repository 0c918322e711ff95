import { loginInputSchema, userSchema } from '@keepsake/shared';
import { z } from 'zod';
import { createSession, deleteSession } from '../../auth/sessions.js';
import { checkCredentials } from '../../auth/users.js';
import { KeepsakeError } from '../../errors.js';
import { authedProcedure, publicProcedure, router } from '../init.js';

export const authRouter = router({
  me: publicProcedure.output(userSchema.nullable()).query(({ ctx }) => ctx.user),

  login: publicProcedure
    .input(loginInputSchema)
    .output(userSchema)
    .mutation(async ({ ctx, input }) => {
      const user = await checkCredentials(ctx.db, input.email, input.password);
      if (!user)
        throw new KeepsakeError('UNAUTHENTICATED', 'That email and password do not match an account.');
      const session = createSession(ctx.db, user.id, ctx.config.sessionMs, ctx.transport);
      ctx.transport.setSessionCookie(session.token, session.expiresAt);
      return user;
    }),

  logout: authedProcedure.output(z.object({ ok: z.literal(true) })).mutation(({ ctx }) => {
    deleteSession(ctx.db, ctx.transport.sessionToken);
    ctx.transport.clearSessionCookie();
    return { ok: true as const };
  }),
});
