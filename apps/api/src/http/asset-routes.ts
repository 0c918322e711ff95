import type { Db } from '@keepsake/db';
import { assetListInputSchema, derivativeKinds } from '@keepsake/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AssetService } from '../assets/asset-service.js';
import { KeepsakeError } from '../errors.js';
import type { BlobStore } from '../storage/blob-store.js';
import { sendBlob } from './blob-reply.js';
import { deviceOrSessionCaller } from './caller-auth.js';

type AssetRequest = { Params: { assetId: string }; Querystring: Record<string, string | undefined> };

const listQuerySchema = assetListInputSchema.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * Reading the library back: what a phone shows as "safe on the server", and what the dashboard's
 * `<img>` and `<video>` elements load (so a session cookie is accepted too).
 */
export function assetRoutes(deps: { db: Db; assets: AssetService; store: BlobStore }): FastifyPluginAsync {
  return async (app) => {
    app.get<AssetRequest>('/api/v1/assets', async (request, reply) => {
      const caller = deviceOrSessionCaller(deps.db, request);
      const query = listQuerySchema.safeParse(request.query);
      if (!query.success) {
        throw new KeepsakeError(
          'BAD_REQUEST',
          `The query is invalid: ${query.error.issues[0]?.message}. Use ?limit=1..500&cursor=<nextCursor>.`,
        );
      }
      reply.header('cache-control', 'private, no-cache');
      return deps.assets.list(caller.userId, query.data);
    });

    app.get<AssetRequest>('/api/v1/assets/:assetId', async (request, reply) => {
      const caller = deviceOrSessionCaller(deps.db, request);
      reply.header('cache-control', 'private, no-cache');
      return deps.assets.detail(caller.userId, request.params.assetId);
    });

    for (const kind of derivativeKinds) {
      app.get<AssetRequest>(`/api/v1/assets/:assetId/${kind}`, async (request, reply) => {
        const caller = deviceOrSessionCaller(deps.db, request);
        const blob = deps.assets.derivative(caller.userId, request.params.assetId, kind);
        return sendBlob(request, reply, deps.store, blob, { etag: `${kind}-${blob.sha256}` });
      });
    }

    app.get<AssetRequest>('/api/v1/assets/:assetId/original', async (request, reply) => {
      const caller = deviceOrSessionCaller(deps.db, request);
      const blob = deps.assets.original(caller.userId, request.params.assetId, request.query.resource);
      return sendBlob(request, reply, deps.store, blob, {
        etag: blob.sha256,
        download: request.query.download !== '0',
      });
    });
  };
}
