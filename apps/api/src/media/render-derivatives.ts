import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';

/** Grid thumbnails: short edge 320 px, enough for a dense grid on a high-DPI screen. */
export const thumbnailShortEdge = 320;
/** Previews: short edge 1440 px, a full-screen view on a laptop or phone; JPEG. */
export const previewShortEdge = 1440;

export interface Rendered {
  data: Buffer;
  width: number;
  height: number;
}

export interface Derivatives {
  thumbnail: Rendered;
  preview: Rendered;
  /** ThumbHash, base64: a placeholder painted before the thumbnail loads. */
  thumbhash: string;
}

/**
 * From ONE decode, the three derived forms. The source is decoded, turned upright, converted to
 * sRGB and scaled to preview size once; the preview, the thumbnail and the ThumbHash are all
 * made from that buffer, which roughly halves the work and the peak memory of decoding three
 * times. Derived files carry no metadata (sharp strips it unless asked to keep it).
 */
export async function renderDerivatives(
  source: Sharp,
  options: { autoOrient: boolean },
): Promise<Derivatives> {
  const upright = options.autoOrient ? source.rotate() : source;
  const { data, info } = await upright
    .resize(previewShortEdge, previewShortEdge, { fit: 'outside', withoutEnlargement: true })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const [preview, thumbnail, hashPixels] = await Promise.all([
    // JPEG for the big preview: encoding 1440×1920 as WebP costs several times more CPU.
    sharp(data, raw)
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82 })
      .toBuffer({ resolveWithObject: true }),
    sharp(data, raw)
      .resize(thumbnailShortEdge, thumbnailShortEdge, { fit: 'outside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer({ resolveWithObject: true }),
    sharp(data, raw)
      .resize(100, 100, { fit: 'inside' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true }),
  ]);
  const rendered = (r: { data: Buffer; info: OutputInfo }): Rendered => ({
    data: r.data,
    width: r.info.width,
    height: r.info.height,
  });
  return {
    preview: rendered(preview),
    thumbnail: rendered(thumbnail),
    thumbhash: Buffer.from(
      rgbaToThumbHash(hashPixels.info.width, hashPixels.info.height, hashPixels.data),
    ).toString('base64'),
  };
}
