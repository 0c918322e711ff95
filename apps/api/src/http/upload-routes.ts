import type { Db } from '@keepsake/db';
import type { UploadResult, UploadStatus } from '@keepsake/shared';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isKeepsakeError, KeepsakeError } from '../errors.js';
import type { AppendOutcome, Upload, UploadService } from '../uploads/upload-service.js';
import { uploaderCaller } from './caller-auth.js';
import {
  completenessHeaders,
  interopVersionOf,
  isCompleteRequest,
  sendUploadResumptionSupported,
  sfInteger,
} from './resumable-headers.js';
import { parseUploadHeaders } from './upload-headers.js';

export interface UploadRouteDeps {
  db: Db;
  uploads: UploadService;
  maxUploadBytes: number;
}

type UploadRequest = FastifyRequest<{ Params: { uploadId: string } }>;

/**
 * The byte path: raw request bodies streamed to disk, plain or resumable (IETF draft, interop
 * 3–8). Registered as its own plugin so its catch-all body parser (which parses nothing and
 * leaves the stream to the handler) never touches tRPC or JSON routes.
 */
export function uploadRoutes(deps: UploadRouteDeps): FastifyPluginAsync {
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null));

    const create = async (request: FastifyRequest, reply: FastifyReply) => {
      const caller = uploaderCaller(deps.db, request);
      const version = interopVersionOf(request.headers);
      const complete = isCompleteRequest(request.headers, version);
      const bodyLength = sfIntegerOrContentLength(request);
      const total = sfInteger(request.headers, 'upload-length') ?? (complete ? bodyLength : undefined);
      refuseOversize(Math.max(total ?? 0, bodyLength ?? 0), deps.maxUploadBytes);
      const meta = parseUploadHeaders(request.headers);
      const upload = await deps.uploads.create(
        caller,
        { ...meta, ...(total === undefined ? {} : { expectedSize: total }) },
        { resumable: version !== undefined },
      );
      const location = uploadUrl(request, upload.id);
      if (version !== undefined) {
        sendUploadResumptionSupported(reply.raw, location, version);
        reply.header('location', location);
      }
      const outcome = await resumably(request, reply, version, () =>
        deps.uploads.append(caller, upload.id, 0, request.raw, complete),
      );
      if (outcome) answer(reply, outcome, version, 201);
    };
    app.post('/api/v1/uploads', create);
    app.put('/api/v1/uploads', create);

    // Resumable-upload preflight: URLSession caches this answer per origin.
    app.options('/api/v1/uploads', async (_request, reply) => {
      reply
        .status(200)
        .headers({
          allow: 'OPTIONS, POST, PUT',
          'upload-limit': `max-size=${deps.maxUploadBytes}`,
          'cache-control': 'no-store',
        })
        .send();
    });

    app.head('/api/v1/uploads/:uploadId', async (request: UploadRequest, reply) => {
      const caller = uploaderCaller(deps.db, request);
      const version = interopVersionOf(request.headers);
      const { upload, offset } = await deps.uploads.offset(caller, request.params.uploadId, {
        interrupt: true,
      });
      reply
        .status(204)
        .headers({
          'upload-offset': String(offset),
          ...completenessHeaders(version ?? 8, upload.state === 'stored'),
          ...(upload.expectedSize === null ? {} : { 'upload-length': String(upload.expectedSize) }),
          'upload-limit': `max-size=${deps.maxUploadBytes}`,
          'cache-control': 'no-store',
        })
        .send();
    });

    app.patch('/api/v1/uploads/:uploadId', async (request: UploadRequest, reply) => {
      const caller = uploaderCaller(deps.db, request);
      const version = interopVersionOf(request.headers);
      const offset = sfInteger(request.headers, 'upload-offset');
      if (offset === undefined) {
        throw new KeepsakeError(
          'BAD_HEADER',
          'Appending needs an Upload-Offset header; ask for it with HEAD first.',
        );
      }
      const bodyLength = sfIntegerOrContentLength(request);
      if (bodyLength !== undefined) refuseOversize(offset + bodyLength, deps.maxUploadBytes);
      const complete = isCompleteRequest(request.headers, version ?? 8);
      const outcome = await deps.uploads.append(
        caller,
        request.params.uploadId,
        offset,
        request.raw,
        complete,
      );
      answer(reply, outcome, version ?? 8, 204);
    });

    app.delete('/api/v1/uploads/:uploadId', async (request: UploadRequest, reply) => {
      const caller = uploaderCaller(deps.db, request);
      await deps.uploads.cancel(caller, request.params.uploadId);
      reply.status(204).header('cache-control', 'no-store').send();
    });

    app.get('/api/v1/uploads/:uploadId', async (request: UploadRequest, reply) => {
      const caller = uploaderCaller(deps.db, request);
      reply.header('cache-control', 'no-store');
      return uploadStatus(deps.uploads.get(caller, request.params.uploadId));
    });
  };
}

/**
 * An unexpected failure while receiving a resumable upload drops the connection instead of
 * answering 500: iOS resumes after a dropped connection but gives up on a 500
 * (docs/ios-upload-contract.md). The bytes already on disk stay for the resumption.
 */
async function resumably(
  request: FastifyRequest,
  reply: FastifyReply,
  version: number | undefined,
  receive: () => Promise<AppendOutcome>,
): Promise<AppendOutcome | undefined> {
  try {
    return await receive();
  } catch (error) {
    const expected = isKeepsakeError(error) && error.code !== 'INTERNAL';
    if (version === undefined || expected) throw error;
    request.log.error({ event: 'upload.dropped_for_resumption', err: error });
    reply.hijack();
    request.raw.socket?.destroy();
    return undefined;
  }
}

/** A finished upload answers with its ids; an unfinished one with how far it got. */
function answer(
  reply: FastifyReply,
  outcome: AppendOutcome,
  version: number | undefined,
  incompleteStatus: 201 | 204,
) {
  const progress = {
    'upload-offset': String(outcome.offset),
    ...completenessHeaders(version, outcome.complete),
  };
  if (outcome.complete) {
    sendStored(reply.headers(version === undefined ? {} : progress), outcome.result);
    return;
  }
  reply
    .status(incompleteStatus)
    .headers({ ...progress, 'cache-control': 'no-store' })
    .send();
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

function uploadStatus(upload: Upload): UploadStatus {
  return {
    id: upload.id,
    state: upload.state,
    filename: upload.filename,
    resourceType: upload.resourceType,
    receivedBytes: upload.receivedBytes,
    expectedSize: upload.expectedSize,
    startedAt: upload.startedAt.toISOString(),
    finishedAt: upload.finishedAt?.toISOString() ?? null,
    assetId: upload.assetId,
    resourceId: upload.resourceId,
    failure: upload.failureCode ? { code: upload.failureCode, message: upload.failureMessage ?? '' } : null,
  };
}

/** The upload's own URL, absolute so every client resolves it the same way behind a proxy. */
function uploadUrl(request: FastifyRequest, uploadId: string): string {
  return `${request.protocol}://${request.host}/api/v1/uploads/${uploadId}`;
}

function sfIntegerOrContentLength(request: FastifyRequest): number | undefined {
  return sfInteger(request.headers, 'content-length');
}

function refuseOversize(size: number, limit: number): void {
  if (size > limit) {
    throw new KeepsakeError(
      'TOO_LARGE',
      `This upload is ${size} bytes; the server accepts at most ${limit}. Raise KEEPSAKE_MAX_UPLOAD_BYTES to accept it.`,
    );
  }
}
