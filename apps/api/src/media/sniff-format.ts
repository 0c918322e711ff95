import fs from 'node:fs/promises';

export type MediaFormat =
  | 'jpeg'
  | 'png'
  | 'gif'
  | 'webp'
  | 'heif'
  | 'avif'
  | 'tiff'
  | 'quicktime'
  | 'mp4'
  | 'unknown';

/**
 * What a file is, from its first bytes rather than its name or the client's claim: a phone
 * may call a JPEG "IMG_1.HEIC", and a hostile client may call anything anything.
 */
export async function sniffFormat(path: string): Promise<MediaFormat> {
  const handle = await fs.open(path, 'r');
  try {
    const head = Buffer.alloc(32);
    const { bytesRead } = await handle.read(head, 0, 32, 0);
    return formatOf(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

export function formatOf(head: Buffer): MediaFormat {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head.subarray(0, 4).toString('latin1') === 'GIF8') return 'gif';
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'webp';
  const tiff = head.subarray(0, 4).toString('latin1');
  if (tiff === 'II*\u0000' || tiff === 'MM\u0000*') return 'tiff';
  if (head.subarray(4, 8).toString('latin1') === 'ftyp') {
    const brand = head.subarray(8, 12).toString('latin1');
    if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(brand)) return 'heif';
    if (['avif', 'avis'].includes(brand)) return 'avif';
    if (brand === 'qt  ') return 'quicktime';
    return 'mp4';
  }
  return 'unknown';
}

export const isVideoFormat = (format: MediaFormat) => format === 'quicktime' || format === 'mp4';
