import { type Db, flushWal } from '@keepsake/db';
import { uploadCheckRequestSchema } from '@keepsake/shared';
import type { FastifyPluginAsync } from 'fastify';
import { KeepsakeError } from '../errors.js';
import type { CheckThreads } from '../uploads/check-threads.js';
import { checkUploads } from '../uploads/upload-check.js';
import { uploaderCaller } from './caller-auth.js';

/** `POST /api/v1/uploads/check`: which of up to 5,000 resources the server already holds. */
export function uploadCheckRoute(deps: { db: Db; checkThreads: CheckThreads }): FastifyPluginAsync {
  return async (app) => {
    app.post('/api/v1/uploads/check', { bodyLimit: 4 * 1024 * 1024 }, async (request, reply) => {
      const caller = uploaderCaller(deps.db, request);
      const parsed = uploadCheckRequestSchema.safeParse(request.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new KeepsakeError(
          'BAD_REQUEST',
          `The check request is invalid at ${issue?.path.join('.') || 'the top level'}: ${issue?.message}. Send { "entries": [ { "id", "sha256" } ] }.`,
        );
      }
      const answer = await checkUploads(deps.db, deps.checkThreads, caller, parsed.data.entries);
      // "Already stored" must not name an upload whose record is committed but still waiting for
      // its fsync: the phone would never send it again.
      await flushWal(deps.db);
      reply.header('cache-control', 'no-store');
      return answer;
    });
  };
}
