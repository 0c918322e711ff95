import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StoredBlob } from '../assets/asset-service.js';
import type { BlobStore } from '../storage/blob-store.js';

/**
 * Streams a stored blob with an ETag and single-range support (video players seek with Range).
 * Content never changes under a key, so the ETag is the content hash.
 */
export function sendBlob(
  request: FastifyRequest,
  reply: FastifyReply,
  store: BlobStore,
  blob: StoredBlob,
  options: { etag: string; download?: boolean },
) {
  const etag = `"${options.etag}"`;
  reply.headers({
    etag,
    'cache-control': 'private, no-cache',
    'accept-ranges': 'bytes',
    'content-type': blob.contentType,
    'x-content-type-options': 'nosniff',
  });
  if (options.download) {
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(blob.filename)}`);
  }
  if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  const range = parseRange(request.headers.range, blob.size);
  if (range === 'unsatisfiable') {
    return reply.status(416).header('content-range', `bytes */${blob.size}`).send();
  }
  if (range) {
    reply
      .status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${blob.size}`)
      .header('content-length', range.end - range.start + 1);
    return reply.send(store.read(blob.storageKey, range));
  }
  reply.header('content-length', blob.size);
  return reply.send(store.read(blob.storageKey));
}

/** One `bytes=` range (the form browsers and players send); anything else serves the whole file. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}
