import fs from 'node:fs/promises';

/**
 * The largest JPEG preview a DNG (or another TIFF-based raw) carries. Decoding the raw sensor
 * data is a job for a raw developer; every camera and Lightroom embed a rendered preview, and
 * libvips on its own reads only the first image, often a 256 px thumbnail. Walks IFD0, its
 * SubIFDs and IFD1.
 */
export interface RawPreview {
  /** The largest embedded JPEG, if any. */
  jpeg: Buffer | undefined;
  /** The raw file's orientation (IFD0), which the preview JPEG usually does not repeat. */
  orientation: number;
  /** The largest image size any directory declares: the sensor's, not the preview's. */
  width: number;
  height: number;
}

export async function readRawPreview(path: string): Promise<RawPreview | undefined> {
  const file = await fs.readFile(path);
  const little = file.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (little ? file.readUInt16LE(at) : file.readUInt16BE(at));
  const u32 = (at: number) => (little ? file.readUInt32LE(at) : file.readUInt32BE(at));
  if (u16(2) !== 42) return undefined;

  const jpegs: { offset: number; length: number }[] = [];
  let orientation = 1;
  let width = 0;
  let height = 0;
  const visited = new Set<number>();
  const readDirectory = (start: number, top: boolean) => {
    if (start <= 0 || start + 2 > file.length || visited.has(start)) return;
    visited.add(start);
    const count = u16(start);
    const tags = new Map<number, number[]>();
    for (let i = 0; i < count; i++) {
      const at = start + 2 + i * 12;
      if (at + 12 > file.length) break;
      const tag = u16(at);
      const type = u16(at + 2);
      const n = u32(at + 4);
      const size = type === 3 ? 2 : 4;
      const values: number[] = [];
      const base = n * size > 4 ? u32(at + 8) : at + 8;
      for (let k = 0; k < Math.min(n, 64); k++) {
        const where = base + k * size;
        if (where + size > file.length) break;
        values.push(size === 2 ? u16(where) : u32(where));
      }
      tags.set(tag, values);
    }
    if (top) orientation = tags.get(274)?.[0] ?? 1;
    const w = tags.get(256)?.[0] ?? 0;
    const h = tags.get(257)?.[0] ?? 0;
    if (w * h > width * height) [width, height] = [w, h];
    const compression = tags.get(259)?.[0];
    const interchange = tags.get(513)?.[0];
    const interchangeLength = tags.get(514)?.[0];
    if (interchange !== undefined && interchangeLength)
      jpegs.push({ offset: interchange, length: interchangeLength });
    else if ((compression === 6 || compression === 7) && tags.get(273)?.length === 1) {
      jpegs.push({ offset: tags.get(273)![0]!, length: tags.get(279)?.[0] ?? 0 });
    }
    for (const sub of tags.get(330) ?? []) readDirectory(sub, false);
    if (top) readDirectory(u32(start + 2 + count * 12), false);
  };
  readDirectory(u32(4), true);

  const best = jpegs
    .filter(
      (j) =>
        j.length > 0 &&
        j.offset + j.length <= file.length &&
        file[j.offset] === 0xff &&
        file[j.offset + 1] === 0xd8,
    )
    .sort((a, b) => b.length - a.length)[0];
  return {
    jpeg: best ? file.subarray(best.offset, best.offset + best.length) : undefined,
    orientation,
    width,
    height,
  };
}
