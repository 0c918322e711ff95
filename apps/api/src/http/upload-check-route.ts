import { Readable } from 'node:stream';
import { type Db, flushWal } from '@keepsake/db';
import type { FastifyPluginAsync } from 'fastify';
import { KeepsakeError } from '../errors.js';
import type { CheckThreads } from '../uploads/check-threads.js';
import { checkUploads } from '../uploads/upload-check.js';
import { uploaderCaller } from './caller-auth.js';

/** `POST /api/v1/uploads/check`: which of up to 5,000 resources the server already holds. */
export function uploadCheckRoute(deps: { db: Db; checkThreads: CheckThreads }): FastifyPluginAsync {
  return async (app) => {
    // The body stays bytes: a large check is parsed and validated on the check threads, not on
    // the event loop that is receiving uploads. (This plugin's parser applies to this route only.)
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    app.post('/api/v1/uploads/check', { bodyLimit: 4 * 1024 * 1024 }, async (request, reply) => {
      const caller = uploaderCaller(deps.db, request);
      // Another parser (text/plain) would have read it: the contract is JSON, say so.
      if (request.body !== undefined && !Buffer.isBuffer(request.body)) {
        throw new KeepsakeError(
          'UNSUPPORTED_FORMAT',
          'The check request must be JSON: send it with Content-Type: application/json.',
        );
      }
      const body = request.body ?? Buffer.alloc(0);
      const parts = await checkUploads(deps.db, deps.checkThreads, caller, body);
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
