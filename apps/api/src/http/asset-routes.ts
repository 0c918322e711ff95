import type { Db } from '@keepsake/db';
import { derivativeKinds } from '@keepsake/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { AssetService } from '../assets/asset-service.js';
import type { BlobStore } from '../storage/blob-store.js';
import { sendBlob } from './blob-reply.js';
import { deviceOrSessionCaller } from './caller-auth.js';

export function assetRoutes(deps: { db: Db; assets: AssetService; store: BlobStore }): FastifyPluginAsync {
  return async (app) => {
    for (const kind of derivativeKinds) {
      app.get<{ Params: { assetId: string } }>(`/api/v1/assets/:assetId/${kind}`, async (request, reply) => {
        const caller = deviceOrSessionCaller(deps.db, request);
        const blob = deps.assets.derivative(caller.userId, request.params.assetId, kind);
        return sendBlob(request, reply, deps.store, blob, { etag: `${kind}-${blob.sha256}` });
      });
    }

    app.get<{ Params: { assetId: string } }>('/api/v1/assets/:assetId/original', async (request, reply) => {
      const caller = deviceOrSessionCaller(deps.db, request);
      const blob = deps.assets.original(caller.userId, request.params.assetId);
      return sendBlob(request, reply, deps.store, blob, { etag: blob.sha256, download: true });
    });
  };
}
