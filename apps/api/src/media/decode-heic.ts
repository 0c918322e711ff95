import { Piscina } from 'piscina';

export interface DecodedImage {
  width: number;
  height: number;
  /** 8-bit RGBA, already upright. */
  data: Uint8ClampedArray;
}

let pool: Piscina | undefined;

/**
 * Decodes a HEIC/HEIF still with libheif compiled to WebAssembly, in a worker thread. The
 * prebuilt sharp has no HEVC decoder, and Debian's libheif 1.15 cannot open iOS 18 photos with
 * gain maps (docs/architecture.md has the measurements). libheif applies the irot/imir
 * transforms, so the pixels are upright and the EXIF Orientation tag must not be applied again.
 */
export async function decodeHeic(bytes: Uint8Array, threads: number): Promise<DecodedImage> {
  pool ??= new Piscina({
    filename: new URL('./heic-worker.mjs', import.meta.url).href,
    maxThreads: threads,
    minThreads: 0,
    // A worker holds ~100 MB of WebAssembly memory after a 24 MP decode; give it back when idle.
    idleTimeout: 30_000,
  });
  return pool.run(bytes);
}

export async function closeHeicDecoder(): Promise<void> {
  await pool?.destroy();
  pool = undefined;
}
