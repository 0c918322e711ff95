import { type Db, schema } from '@keepsake/db';
import { eq } from 'drizzle-orm';
import sharp, { type OutputInfo } from 'sharp';
import { KeepsakeError } from '../../errors.js';
import type { BlobStore } from '../../storage/blob-store.js';
import { thumbnailKey } from '../../uploads/storage-key.js';
import type { Job } from '../queue.js';

const { derivatives, files } = schema;

/** Grid thumbnails: the short edge is 320 px, enough for a dense grid on a high-DPI screen. */
export const thumbnailShortEdge = 320;

/**
 * Makes the WebP grid thumbnail of one stored file. Idempotent: a second run rewrites the same
 * key and the same row. EXIF orientation is applied, the result is sRGB and carries no metadata.
 */
export function thumbnailHandler(deps: { db: Db; store: BlobStore }) {
  return async (job: Job): Promise<void> => {
    const file = deps.db.select().from(files).where(eq(files.id, job.subject)).get();
    if (!file) return; // deleted since it was queued: nothing to make
    let output: { data: Buffer; info: OutputInfo };
    try {
      output = await sharp(deps.store.localPath(file.storageKey), { failOn: 'error' })
        .rotate()
        .resize({
          width: thumbnailShortEdge,
          height: thumbnailShortEdge,
          fit: 'outside',
          withoutEnlargement: true,
        })
        .toColourspace('srgb')
        .webp({ quality: 80 })
        .toBuffer({ resolveWithObject: true });
    } catch (error) {
      throw classifySharpError(error);
    }
    const key = thumbnailKey(file.userId, file.sha256);
    await deps.store.putBuffer(key, output.data);
    const row = {
      fileId: file.id,
      kind: 'thumbnail' as const,
      storageKey: key,
      contentType: 'image/webp',
      width: output.info.width,
      height: output.info.height,
      size: output.data.length,
    };
    deps.db
      .insert(derivatives)
      .values(row)
      .onConflictDoUpdate({ target: [derivatives.fileId, derivatives.kind], set: row })
      .run();
  };
}

/** Turns sharp's messages into a reason a person can act on, and says whether to retry. */
export function classifySharpError(error: unknown): KeepsakeError {
  const text = String((error as Error)?.message ?? error);
  if (/unsupported image format|no decoding plugin|bad seek|heif: Unsupported/i.test(text)) {
    return new KeepsakeError(
      'UNSUPPORTED_FORMAT',
      `Keepsake cannot make a thumbnail of this file's format yet (${text.split('\n')[0]}). The original is stored safely.`,
      { cause: error },
    );
  }
  if (/corrupt|premature end|truncated|invalid|VipsJpeg|pngload|webpload|gifload|tiffload/i.test(text)) {
    return new KeepsakeError(
      'CORRUPT_FILE',
      `The image could not be decoded; the file looks damaged (${text.split('\n')[0]}). Upload it again from the original source.`,
      { cause: error },
    );
  }
  return new KeepsakeError('INTERNAL', `Making the thumbnail failed: ${text.split('\n')[0]}`, {
    cause: error,
  });
}
