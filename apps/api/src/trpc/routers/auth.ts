import { loginInputSchema, passwordSchema, sessionSchema, userSchema } from '@keepsake/shared';
import { z } from 'zod';
import {
  createSession,
  deleteSession,
  listSessions,
  revokeAllSessions,
  revokeOtherSessions,
  revokeSession,
} from '../../auth/sessions.js';
import { changePassword, checkCredentials } from '../../auth/users.js';
import { KeepsakeError } from '../../errors.js';
import { authedProcedure, publicProcedure, router } from '../init.js';

const ok = z.object({ ok: z.literal(true) });

export const authRouter = router({
  me: publicProcedure.output(userSchema.nullable()).query(({ ctx }) => ctx.user),

  login: publicProcedure
    .input(loginInputSchema)
    .output(userSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.loginLimiter.check(input.email, ctx.transport.address);
      const user = await checkCredentials(ctx.db, input.email, input.password);
      if (!user) {
        await ctx.loginLimiter.failed(input.email, ctx.transport.address);
        throw new KeepsakeError('UNAUTHENTICATED', 'That email and password do not match an account.');
      }
      await ctx.loginLimiter.succeeded(input.email);
      const session = createSession(ctx.db, user.id, ctx.config.sessionMs, ctx.transport);
      ctx.transport.setSessionCookie(session.token, session.expiresAt);
      return user;
    }),

  logout: authedProcedure.output(ok).mutation(({ ctx }) => {
    deleteSession(ctx.db, ctx.transport.sessionToken);
    ctx.transport.clearSessionCookie();
    return { ok: true as const };
  }),

  sessions: authedProcedure.output(z.array(sessionSchema)).query(({ ctx }) =>
    listSessions(ctx.db, ctx.user.id).map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      userAgent: s.userAgent,
      address: s.address,
      current: s.id === ctx.sessionId,
    })),
  ),

  revokeSession: authedProcedure
    .input(z.object({ sessionId: z.string() }))
    .output(ok)
    .mutation(({ ctx, input }) => {
      if (!revokeSession(ctx.db, ctx.user.id, input.sessionId)) {
        throw new KeepsakeError('NOT_FOUND', `There is no session ${input.sessionId} of yours.`);
      }
      return { ok: true as const };
    }),

  /** Signs out every browser, this one included. */
  logoutEverywhere: authedProcedure.output(z.object({ signedOut: z.number().int() })).mutation(({ ctx }) => {
    const signedOut = revokeAllSessions(ctx.db, ctx.user.id);
    ctx.transport.clearSessionCookie();
    return { signedOut };
  }),

  changePassword: authedProcedure
    .input(z.object({ current: z.string().min(1).max(1024), next: passwordSchema }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      if (!(await checkCredentials(ctx.db, ctx.user.email, input.current))) {
        throw new KeepsakeError('UNAUTHENTICATED', 'The current password is not right.');
      }
      await changePassword(ctx.db, ctx.user.id, input.next);
      // Other browsers signed in with the old password are signed out; this one stays.
      revokeOtherSessions(ctx.db, ctx.user.id, ctx.sessionId);
      return { ok: true as const };
    }),
});
