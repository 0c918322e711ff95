import { WorkerPool } from '../threads/worker-pool.js';

export interface DecodedImage {
  width: number;
  height: number;
  /** 8-bit RGBA, already upright. */
  data: Uint8ClampedArray;
}

let pool: WorkerPool<Uint8Array, DecodedImage> | undefined;

/**
 * Decodes a HEIC/HEIF still with libheif compiled to WebAssembly, in a worker thread. The
 * prebuilt sharp has no HEVC decoder, and Debian's libheif 1.15 cannot open iOS 18 photos with
 * gain maps (docs/architecture.md has the measurements). libheif applies the irot/imir
 * transforms, so the pixels are upright and the EXIF Orientation tag must not be applied again.
 */
export async function decodeHeic(bytes: Uint8Array, threads: number): Promise<DecodedImage> {
  pool ??= new WorkerPool({
    program: new URL('./heic-worker.mjs', import.meta.url),
    size: threads,
    // A worker holds ~100 MB of WebAssembly memory after a 24 MP decode; give it back when idle.
    idleMs: 30_000,
    closing: 'The server is shutting down.',
  });
  return pool.run(bytes);
}

export async function closeHeicDecoder(): Promise<void> {
  await pool?.close();
  pool = undefined;
}
