// Upload data made in code, in os.tmpdir(), never in the repository. Random bytes, so nothing
// (a file system, a proxy) can compress or deduplicate them, and every file distinct, so
// Keepsake stores each one instead of answering "duplicate".
import { createHash, randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';

export const MB = 1000 ** 2;
export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;

/** A small deterministic generator (mulberry32): the same sizes and order on every run. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function writeRandomFile(file, size) {
  const chunk = Buffer.allocUnsafe(4 * MiB);
  const fd = fs.openSync(file, 'w');
  try {
    for (let written = 0; written < size; ) {
      const n = Math.min(chunk.length, size - written);
      randomFillSync(chunk, 0, n);
      fs.writeSync(fd, chunk, 0, n);
      written += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The ingest mix: photos of 2–4 MB (HEIC-sized) and a few large videos, spread through the
 * queue so the long uploads overlap with the photos instead of forming a tail at the end.
 */
export function makeIngestFiles(dir, { photos, videos, videoBytes }) {
  fs.mkdirSync(dir, { recursive: true });
  const random = prng(7);
  const files = [];
  for (let i = 0; i < photos; i++) {
    const size = Math.round((2 + 2 * random()) * MB);
    files.push({ name: `IMG_${String(i + 1).padStart(4, '0')}.HEIC`, size, kind: 'photo' });
  }
  const gap = Math.max(1, Math.floor(files.length / Math.max(1, videos)));
  for (let v = 0; v < videos; v++) {
    const video = { name: `IMG_${String(9000 + v)}.MOV`, size: videoBytes, kind: 'video' };
    files.splice(Math.min(files.length, v * (gap + 1)), 0, video);
  }
  for (const file of files) {
    file.path = path.join(dir, file.name);
    writeRandomFile(file.path, file.size);
  }
  return files;
}

/**
 * Bytes of a virtual file of any size, streamed from a 64 MiB random pool: a 2 GiB upload
 * needs no 2 GiB file on disk and costs the client almost no CPU. The first 32 bytes are the
 * SHA-256 of `id`, so two virtual files never have the same content. `slice(start, end)` gives
 * the same bytes again, which is what a resumed upload sends.
 */
export class VirtualFiles {
  constructor(poolBytes = 64 * MiB) {
    this.pool = randomFillSync(Buffer.allocUnsafe(poolBytes));
  }

  stream(id, size, start = 0, end = size) {
    const head = createHash('sha256').update(String(id)).digest();
    const pool = this.pool;
    const chunkSize = MiB;
    function* chunks() {
      for (let offset = start; offset < end; ) {
        const poolOffset = offset % pool.length;
        const n = Math.min(chunkSize, end - offset, pool.length - poolOffset);
        if (offset < head.length) {
          const chunk = Buffer.from(pool.subarray(poolOffset, poolOffset + n));
          head.copy(chunk, 0, offset, Math.min(head.length, offset + n));
          yield chunk;
        } else {
          yield pool.subarray(poolOffset, poolOffset + n);
        }
        offset += n;
      }
    }
    return Readable.from(chunks(), { objectMode: false, highWaterMark: 4 * MiB });
  }
}

/** "1.5 GiB" / "40 MiB" for tables and logs. */
export function formatBytes(bytes) {
  if (bytes >= GiB) return `${Math.round((bytes / GiB) * 10) / 10} GiB`;
  if (bytes >= MiB) return `${Math.round((bytes / MiB) * 10) / 10} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}
