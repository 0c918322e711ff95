import { type ErrorCode, errorCodeList } from '@keepsake/shared';
import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/unstable-core-do-not-import';
import { isKeepsakeError, KeepsakeError } from '../errors.js';
import type { Context } from './context.js';

const trpcCodeOf: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: 'BAD_REQUEST',
  EMPTY_BODY: 'BAD_REQUEST',
  BAD_HEADER: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  OFFSET_MISMATCH: 'CONFLICT',
  DIGEST_MISMATCH: 'BAD_REQUEST',
  UPLOAD_GONE: 'NOT_FOUND',
  TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  STORAGE_FULL: 'INTERNAL_SERVER_ERROR',
  QUOTA_EXCEEDED: 'FORBIDDEN',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  UNSUPPORTED_FORMAT: 'UNPROCESSABLE_CONTENT',
  CORRUPT_FILE: 'UNPROCESSABLE_CONTENT',
  TOOL_MISSING: 'NOT_IMPLEMENTED',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

/** Domain code throws KeepsakeError; this turns it into a tRPC error that keeps our code. */
const toTrpcError = (error: unknown): unknown =>
  isKeepsakeError(error)
    ? new TRPCError({ code: trpcCodeOf[error.code], message: error.message, cause: error })
    : error;

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const code: ErrorCode = isKeepsakeError(cause)
      ? cause.code
      : error.code === 'UNAUTHORIZED'
        ? 'UNAUTHENTICATED'
        : error.code === 'BAD_REQUEST' || error.code === 'PARSE_ERROR'
          ? 'BAD_REQUEST'
          : (errorCodeList.find((c) => c === error.code) ?? 'INTERNAL');
    const hidden = code === 'INTERNAL' && !isKeepsakeError(cause);
    return {
      ...shape,
      message: hidden ? 'Keepsake hit an unexpected error; see the server log.' : shape.message,
      data: { ...shape.data, stack: undefined, keepsakeCode: code },
    };
  },
});

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isKeepsakeError(result.error.cause)) {
    throw toTrpcError(result.error.cause);
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);

/** Every procedure that reads or changes a library starts here. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new KeepsakeError('UNAUTHENTICATED', 'Sign in to continue.');
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Server-wide controls (pausing queues, re-running work for everyone) are the admin's. */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'admin') throw new KeepsakeError('FORBIDDEN', 'Only an admin can do this.');
  return next();
});
