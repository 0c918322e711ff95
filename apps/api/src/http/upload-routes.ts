import type { Db } from '@keepsake/db';
import type { UploadResult } from '@keepsake/shared';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { KeepsakeError } from '../errors.js';
import type { UploadService } from '../uploads/upload-service.js';
import { deviceCaller } from './caller-auth.js';
import { parseUploadHeaders } from './upload-headers.js';

export interface UploadRouteDeps {
  db: Db;
  uploads: UploadService;
  maxUploadBytes: number;
}

/**
 * The byte path: raw request bodies streamed to disk. Registered as its own plugin so its
 * catch-all body parser (which parses nothing and leaves the stream to the handler) never
 * touches tRPC or JSON routes.
 */
export function uploadRoutes(deps: UploadRouteDeps): FastifyPluginAsync {
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null));

    const createUpload = async (request: FastifyRequest, reply: FastifyReply) => {
      const caller = deviceCaller(deps.db, request);
      const length = declaredLength(request);
      if (length !== undefined && length > deps.maxUploadBytes) {
        throw new KeepsakeError(
          'TOO_LARGE',
          `This upload is ${length} bytes; the server accepts at most ${deps.maxUploadBytes}. Raise KEEPSAKE_MAX_UPLOAD_BYTES to accept it.`,
        );
      }
      const meta = parseUploadHeaders(request.headers);
      const upload = await deps.uploads.create(caller, {
        ...meta,
        ...(length === undefined ? {} : { expectedSize: length }),
      });
      const outcome = await deps.uploads.append(caller, upload.id, 0, request.raw, true);
      if (!outcome.complete) throw new Error('a whole upload ended incomplete');
      sendStored(reply, outcome.result);
    };

    app.post('/api/v1/uploads', createUpload);
    app.put('/api/v1/uploads', createUpload);
  };
}

/**
 * 201 for a new resource, 200 for one already stored; never 204, which the iPhone counts as a
 * failure. The phone reads only headers, so the ids travel there too.
 */
export function sendStored(reply: FastifyReply, result: UploadResult): void {
  reply
    .status(result.status === 'created' ? 201 : 200)
    .headers({
      'keepsake-asset-id': result.assetId,
      'keepsake-resource-id': result.resourceId,
      'keepsake-status': result.status,
      'cache-control': 'no-store',
    })
    .send(result);
}

function declaredLength(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  if (header === undefined) return undefined;
  const length = Number(header);
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new KeepsakeError('BAD_HEADER', 'The Content-Length header must be a whole number of bytes.');
  }
  return length;
}
