import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { type Db, flushWal } from '@keepsake/db';
import { checkEntryLimits } from '@keepsake/shared';
import type { FastifyPluginAsync } from 'fastify';
import { KeepsakeError } from '../errors.js';
import { checkBodyLimit } from '../uploads/check-slots.js';
import type { CheckThreads } from '../uploads/check-threads.js';
import { CheckBody, checkUploads } from '../uploads/upload-check.js';
import { uploaderCaller } from './caller-auth.js';

const tooLarge = () =>
  new KeepsakeError(
    'TOO_LARGE',
    `The check request is larger than ${checkBodyLimit / 1024 / 1024} MiB: send at most ${checkEntryLimits.max.toLocaleString('en')} entries per request.`,
  );

/**
 * Reads the body's chunks up to the limit, without joining them (what Fastify checks for a body
 * it reads itself). The payload is the request itself (no hook here transforms it), so its end
 * means its Content-Length has arrived. A connection lost before then is the client's doing
 * (400, as Fastify answers it): a phone that went offline, not a server error to log.
 */
function readCheckBody(payload: IncomingMessage, done: (error: Error | null, body?: CheckBody) => void) {
  if (Number(payload.headers['content-length']) > checkBodyLimit) return done(tooLarge());
  const chunks: Buffer[] = [];
  let length = 0;
  const onData = (chunk: Buffer) => {
    length += chunk.byteLength;
    if (length <= checkBodyLimit) return chunks.push(chunk);
    stop();
    done(tooLarge());
  };
  const onEnd = () => {
    stop();
    done(null, new CheckBody(chunks));
  };
  const onError = (error: Error & { statusCode?: number }) => {
    stop();
    error.statusCode ??= 400;
    done(error);
  };
  const stop = () => {
    payload.off('data', onData).off('end', onEnd).off('error', onError);
  };
  payload.on('data', onData).on('end', onEnd).on('error', onError);
}

/** `POST /api/v1/uploads/check`: which of up to 5,000 resources the server already holds. */
export function uploadCheckRoute(deps: { db: Db; checkThreads: CheckThreads }): FastifyPluginAsync {
  return async (app) => {
    // The body stays bytes: a large check is parsed and validated on the check threads, not on
    // the event loop that is receiving uploads. Its chunks are copied straight into the threads'
    // shared memory, not joined first: every buffer the event loop makes per check brings V8's
    // next full collection nearer (check-slots.ts). (This plugin's parser applies to this route
    // only.)
    app.addContentTypeParser('application/json', (_request, payload, done) => readCheckBody(payload, done));
    app.post('/api/v1/uploads/check', async (request, reply) => {
      const caller = uploaderCaller(deps.db, request);
      // Another parser (text/plain) would have read it: the contract is JSON, say so.
      if (request.body !== undefined && !(request.body instanceof CheckBody)) {
        throw new KeepsakeError(
          'UNSUPPORTED_FORMAT',
          'The check request must be JSON: send it with Content-Type: application/json.',
        );
      }
      const body = request.body ?? new CheckBody([]);
      const { parts, letGo } = await checkUploads(deps.db, deps.checkThreads, caller, body);
      // The parts may be views of the threads' shared memory: held until they have gone to the
      // socket, or the connection has (perhaps already, while the check was answered).
      reply.raw.once('close', letGo);
      if (reply.raw.destroyed) letGo();
      // "Already stored" must not name an upload whose record is committed but still waiting for
      // its fsync: the phone would never send it again.
      await flushWal(deps.db);
      const length = parts.reduce((bytes, part) => bytes + Buffer.byteLength(part), 0);
      reply
        .header('cache-control', 'no-store')
        .header('content-length', length)
        .type('application/json; charset=utf-8');
      // Each part is let go once pushed. Behind `Readable.from(parts)` the parts outlived their
      // answers: the event loop's young-generation collections found ~11 MB of them still alive
      // (10–14 ms each, `--trace-gc`) and promoted them; shifted out, they die young (1–3 ms).
      return new Readable({
        read() {
          this.push(parts.shift() ?? null);
        },
      });
    });
  };
}
