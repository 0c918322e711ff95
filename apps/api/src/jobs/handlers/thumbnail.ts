import fs from 'node:fs/promises';
import { type Db, schema } from '@keepsake/db';
import type { DerivativeKind } from '@keepsake/shared';
import { eq } from 'drizzle-orm';
import sharp, { type Sharp } from 'sharp';
import { isKeepsakeError, KeepsakeError } from '../../errors.js';
import { assertBoxesComplete } from '../../media/check-complete.js';
import { decodeHeic } from '../../media/decode-heic.js';
import { type Rendered, renderDerivatives } from '../../media/render-derivatives.js';
import { isVideoFormat, type MediaFormat, sniffFormat } from '../../media/sniff-format.js';
import { videoPoster } from '../../media/video-poster.js';
import type { BlobStore } from '../../storage/blob-store.js';
import { derivativeKey } from '../../uploads/storage-key.js';
import type { Job } from '../queue.js';

const { derivatives, files } = schema;

export interface ThumbnailDeps {
  db: Db;
  store: BlobStore;
  ffmpeg: string;
  /** Worker threads for HEIC decoding: at most one per concurrent thumbnail job. */
  decodeThreads: number;
}

/**
 * Makes the grid thumbnail, the preview and the ThumbHash of one stored file. Idempotent: a
 * second run rewrites the same keys and rows. Photos are decoded once; HEIC through libheif
 * (WebAssembly); videos through one ffmpeg frame.
 */
export function thumbnailHandler(deps: ThumbnailDeps) {
  return async (job: Job): Promise<void> => {
    const file = deps.db.select().from(files).where(eq(files.id, job.subject)).get();
    if (!file) return; // deleted since it was queued: nothing to make
    const path = deps.store.localPath(file.storageKey);
    const format = await sniffFormat(path);
    if (format === 'heif' || format === 'avif' || isVideoFormat(format)) await assertBoxesComplete(path);
    const rendered = await step('render', async () => {
      const { source, autoOrient } = await step('decode', () => openSource(deps, path, format));
      return renderDerivatives(source, { autoOrient });
    });
    await step('store', async () => {
      for (const [kind, image] of [
        ['thumbnail', rendered.thumbnail],
        ['preview', rendered.preview],
      ] as [DerivativeKind, Rendered][]) {
        const key = derivativeKey(file.userId, file.sha256, kind);
        await deps.store.putBuffer(key, image.data);
        const row = {
          fileId: file.id,
          kind,
          storageKey: key,
          contentType: 'image/webp',
          width: image.width,
          height: image.height,
          size: image.data.length,
        };
        deps.db
          .insert(derivatives)
          .values(row)
          .onConflictDoUpdate({ target: [derivatives.fileId, derivatives.kind], set: row })
          .run();
      }
      deps.db.update(files).set({ thumbhash: rendered.thumbhash }).where(eq(files.id, file.id)).run();
    });
  };
}

async function openSource(
  deps: ThumbnailDeps,
  path: string,
  format: MediaFormat,
): Promise<{ source: Sharp; autoOrient: boolean }> {
  if (isVideoFormat(format))
    return { source: sharp(await videoPoster(deps.ffmpeg, path)), autoOrient: false };
  if (format === 'heif') {
    const image = await decodeHeic(await fs.readFile(path), deps.decodeThreads);
    return {
      source: sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
        raw: { width: image.width, height: image.height, channels: 4 },
      }),
      autoOrient: false,
    };
  }
  if (format === 'unknown') {
    throw new KeepsakeError(
      'UNSUPPORTED_FORMAT',
      'Keepsake does not recognise this file as a photo or video. The original is stored safely.',
    );
  }
  // GIF and animated WebP: the first frame. DNG: libvips reads its embedded preview image.
  return { source: sharp(path, { failOn: 'error', pages: 1 }), autoOrient: true };
}

/** Runs one step, naming it in the failure so a person knows where it broke. */
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isKeepsakeError(error)) {
      throw error.step ? error : new KeepsakeError(error.code, error.message, { cause: error, step: name });
    }
    throw classifyDecodeError(error, name);
  }
}

/** Turns decoder messages into a reason a person can act on, and says whether to retry. */
export function classifyDecodeError(error: unknown, step: string): KeepsakeError {
  const text = String((error as Error)?.message ?? error).split('\n')[0];
  if (/unsupported image format|no decoding plugin|heif: no image/i.test(text ?? '')) {
    return new KeepsakeError(
      'UNSUPPORTED_FORMAT',
      `Keepsake cannot make a thumbnail of this file's format (${text}). The original is stored safely.`,
      { cause: error, step },
    );
  }
  if (
    /corrupt|premature end|truncated|invalid|bad|VipsJpeg|pngload|webpload|gifload|tiffload|heif/i.test(
      text ?? '',
    )
  ) {
    return new KeepsakeError(
      'CORRUPT_FILE',
      `The image could not be decoded; the file looks damaged (${text}). Upload it again from the original source.`,
      { cause: error, step },
    );
  }
  return new KeepsakeError('INTERNAL', `Making the thumbnail failed: ${text}`, { cause: error, step });
}
