import type { ErrorBody } from '@keepsake/shared';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isKeepsakeError } from '../errors.js';
import { httpStatusOf } from './status-codes.js';

/**
 * Every failure on `/api/*` answers `{ error: { code, message } }`. A KeepsakeError's message is
 * written for the person; an unknown error is logged with its stack and answered with
 * INTERNAL and the request id, never with its own text.
 */
export function handleHttpError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  let body: ErrorBody;
  if (isKeepsakeError(error)) {
    reply.status(httpStatusOf[error.code]).headers(error.headers);
    body = { error: { code: error.code, message: error.message } };
    if (error.code === 'INTERNAL') request.log.error({ event: 'request.failed', err: error });
  } else if (error.validation || (error.statusCode && error.statusCode < 500)) {
    const status = error.statusCode ?? 400;
    reply.status(status);
    const code = status === 413 ? 'TOO_LARGE' : status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
    body = { error: { code, message: error.message } };
  } else {
    request.log.error({ event: 'request.failed', err: error });
    reply.status(500);
    body = {
      error: {
        code: 'INTERNAL',
        message: `Keepsake hit an unexpected error. Quote request id ${request.id} when reporting it.`,
        requestId: String(request.id),
      },
    };
  }
  // Answered before the request's body was all read (an upload that failed half-way): the rest
  // of it would still be on the connection, and a client reusing it waited ~70 s for an answer.
  if (!request.raw.complete) reply.header('connection', 'close');
  reply.header('cache-control', 'no-store').send(body);
}
