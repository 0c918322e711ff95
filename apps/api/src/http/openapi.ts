import {
  assetDetailSchema,
  assetPageSchema,
  errorBodySchema,
  healthSchema,
  resourceTypes,
  uploadCheckRequestSchema,
  uploadCheckResponseSchema,
  uploadResultSchema,
  uploadStatusSchema,
} from '@keepsake/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { interopVersions } from './resumable-headers.js';

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' });

const header = (
  name: string,
  description: string,
  schema: object = { type: 'string' },
  required = false,
) => ({
  name,
  in: 'header',
  required,
  description,
  schema,
});

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const stored = (description: string) => ({
  description,
  headers: {
    'Keepsake-Asset-Id': {
      schema: { type: 'string' },
      description: 'The stored asset (the phone can read only headers).',
    },
    'Keepsake-Resource-Id': { schema: { type: 'string' } },
    'Keepsake-Status': { schema: { type: 'string', enum: ['created', 'duplicate'] } },
  },
  content: { 'application/json': { schema: { $ref: '#/components/schemas/UploadResult' } } },
});

const uploadId = { name: 'uploadId', in: 'path', required: true, schema: { type: 'string' } };
const assetId = { name: 'assetId', in: 'path', required: true, schema: { type: 'string' } };
const interop = header(
  'Upload-Draft-Interop-Version',
  `Resumable Uploads for HTTP interop version (${interopVersions.min}–${interopVersions.max}). With it, the server sends 104 Upload Resumption Supported with the upload's Location before reading the body.`,
  { type: 'integer', minimum: interopVersions.min, maximum: interopVersions.max },
);
const completeness = [
  header('Upload-Complete', 'Interop 5 and later: ?1 when this body ends the upload, ?0 when more follows.'),
  header('Upload-Incomplete', 'Interop 3 and 4: ?1 when more follows.'),
];

/**
 * The device API (`/api/v1`) described as OpenAPI 3.1, built from the same zod schemas the
 * server validates with, so the description cannot drift from the code.
 */
export function openApiDocument(version: string) {
  const metadataHeaders = [
    header(
      'Authorization',
      'Bearer <device key>. Keys are never accepted in the URL.',
      { type: 'string' },
      true,
    ),
    header('Keepsake-Asset-Id', "The phone's identifier of the asset (PhotoKit localIdentifier)."),
    header('Keepsake-Resource-Type', 'PhotoKit resource type.', { type: 'string', enum: [...resourceTypes] }),
    header('Keepsake-Filename', 'Original file name, percent-encoded UTF-8.'),
    header('Keepsake-Content-Type', 'UTI (public.heic) or MIME type.'),
    header('Keepsake-Created-At', 'Capture date, ISO 8601.', { type: 'string', format: 'date-time' }),
    header('Keepsake-Modified-At', 'Modification date, ISO 8601.', { type: 'string', format: 'date-time' }),
    header('Keepsake-Favorite', 'true or false.'),
    header('Keepsake-Location', '"latitude,longitude" in degrees.'),
    header('Repr-Digest', 'RFC 9530 sha-256=:<base64>:. A mismatch refuses the upload and stores nothing.'),
    header('Upload-Length', 'Total size, when known.', { type: 'integer', minimum: 0 }),
    interop,
    ...completeness,
  ];
  const create = {
    summary: 'Upload one resource as the raw request body (whole, or the first part of a resumable upload)',
    parameters: metadataHeaders,
    requestBody: { required: true, content: { '*/*': { schema: { type: 'string', format: 'binary' } } } },
    responses: {
      '104': {
        description:
          'Upload Resumption Supported: Location names the upload, for HEAD and PATCH after an interruption.',
      },
      '200': stored('These bytes were already stored: the same ids.'),
      '201': stored('Stored: fsynced, renamed into the library and recorded.'),
      '400': error('Bad header, empty body or digest mismatch; the message names the problem.'),
      '401': error('Missing, unknown or revoked device key.'),
      '413': error('Larger than KEEPSAKE_MAX_UPLOAD_BYTES.'),
      '507': error('The disk is full; nothing was stored.'),
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Keepsake device API',
      version,
      description:
        'The upload path for phones and other clients. Every error is JSON { error: { code, message } }. See docs/ios-extension.md.',
    },
    paths: {
      '/api/v1/uploads': {
        post: { ...create, operationId: 'createUpload' },
        put: { ...create, operationId: 'createUploadPut' },
        options: {
          operationId: 'uploadLimits',
          summary: 'Resumable-upload preflight',
          responses: {
            '200': {
              description: 'Upload-Limit: max-size=<bytes>',
              headers: { 'Upload-Limit': { schema: { type: 'string' } } },
            },
          },
        },
      },
      '/api/v1/uploads/check': {
        post: {
          operationId: 'checkUploads',
          summary:
            'Which of up to 5,000 resources are already stored (by SHA-256 and size, or asset id + type + modification date)',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: json(uploadCheckRequestSchema, 'input') } },
          },
          responses: {
            '200': {
              description: 'One result per entry, in order.',
              content: { 'application/json': { schema: json(uploadCheckResponseSchema) } },
            },
            '400': error('Malformed request or more than 5,000 entries.'),
            '401': error('Missing, unknown or revoked device key.'),
          },
        },
      },
      '/api/v1/uploads/{uploadId}': {
        head: {
          operationId: 'uploadOffset',
          summary: 'Resumption point: Upload-Offset and completeness (204)',
          parameters: [uploadId, interop],
          responses: {
            '204': {
              description: 'Upload-Offset, Upload-Complete (or Upload-Incomplete), Cache-Control: no-store.',
              headers: { 'Upload-Offset': { schema: { type: 'integer' } } },
            },
            '404': error('No such upload for this person.'),
            '410': error('Expired or cancelled.'),
          },
        },
        patch: {
          operationId: 'appendUpload',
          summary: 'Append at Upload-Offset; with completeness ?1 the upload is finished and stored',
          parameters: [
            uploadId,
            interop,
            header('Upload-Offset', 'Where this body starts.', { type: 'integer' }, true),
            ...completeness,
          ],
          requestBody: {
            required: true,
            content: { 'application/partial-upload': { schema: { type: 'string', format: 'binary' } } },
          },
          responses: {
            '200': stored('Already stored (a repeated final part): the same ids.'),
            '201': stored('Finished and stored.'),
            '204': { description: 'Part appended; Upload-Offset says how far the upload is.' },
            '409': error('Upload-Offset does not match; the response carries the true Upload-Offset.'),
            '410': error('Expired or cancelled.'),
          },
        },
        delete: {
          operationId: 'cancelUpload',
          summary: 'Cancel an unfinished upload and free its bytes',
          parameters: [uploadId],
          responses: { '204': { description: 'Cancelled.' }, '404': error('No such upload.') },
        },
        get: {
          operationId: 'uploadStatus',
          summary: 'What the server holds of one upload',
          parameters: [uploadId],
          responses: {
            '200': {
              description: 'The upload record.',
              content: { 'application/json': { schema: json(uploadStatusSchema) } },
            },
          },
        },
      },
      '/api/v1/assets': {
        get: {
          operationId: 'listAssets',
          summary: "The caller's assets, newest first, in keyset pages (pass nextCursor back as cursor)",
          parameters: [
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'One page.',
              content: { 'application/json': { schema: json(assetPageSchema) } },
            },
            '400': error('A cursor Keepsake did not make, or a bad limit.'),
            '401': error('Missing, unknown or revoked device key.'),
          },
        },
      },
      '/api/v1/assets/{assetId}': {
        get: {
          operationId: 'getAsset',
          summary: 'Metadata, every resource, and how processing went',
          parameters: [assetId],
          responses: {
            '200': {
              description: 'The asset.',
              content: { 'application/json': { schema: json(assetDetailSchema) } },
            },
            '404': error('No such asset for this person.'),
          },
        },
      },
      ...Object.fromEntries(
        (['thumbnail', 'preview'] as const).map((kind) => [
          `/api/v1/assets/{assetId}/${kind}`,
          {
            get: {
              operationId: `get${kind[0]!.toUpperCase()}${kind.slice(1)}`,
              summary:
                kind === 'thumbnail'
                  ? 'Grid thumbnail (WebP, short edge 320 px)'
                  : 'Preview (JPEG, short edge 1440 px)',
              parameters: [assetId],
              responses: {
                '200': {
                  description: 'The image, with ETag.',
                  content: { [kind === 'thumbnail' ? 'image/webp' : 'image/jpeg']: {} },
                },
                '304': { description: 'Not modified (If-None-Match).' },
                '404': error('No such asset, or not made yet (see processing in the asset).'),
              },
            },
          },
        ]),
      ),
      '/api/v1/assets/{assetId}/original': {
        get: {
          operationId: 'getOriginal',
          summary:
            'The original bytes of the primary resource, or of ?resource=<resourceId>; single Range requests supported',
          parameters: [
            assetId,
            { name: 'resource', in: 'query', schema: { type: 'string' } },
            {
              name: 'download',
              in: 'query',
              schema: { type: 'string', enum: ['0', '1'] },
              description: '0 to play inline',
            },
            header('Range', 'bytes=start-end'),
          ],
          responses: {
            '200': { description: 'The whole file.' },
            '206': { description: 'The requested range.' },
            '304': { description: 'Not modified (If-None-Match).' },
            '404': error('No such asset or resource for this person.'),
            '416': { description: 'Range outside the file.' },
          },
        },
      },
      '/api/health': {
        get: {
          operationId: 'health',
          responses: {
            '200': {
              description: 'Healthy.',
              content: { 'application/json': { schema: json(healthSchema) } },
            },
          },
        },
      },
    },
    components: {
      schemas: { UploadResult: json(uploadResultSchema), Error: json(errorBodySchema) },
      securitySchemes: { deviceKey: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ deviceKey: [] }],
  };
}

export function openApiRoute(version: string): FastifyPluginAsync {
  const document = openApiDocument(version);
  return async (app) => {
    app.get('/api/v1/openapi.json', async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return document;
    });
  };
}
