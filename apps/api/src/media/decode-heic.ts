import libheif from 'libheif-js/wasm-bundle.js';

export interface DecodedImage {
  width: number;
  height: number;
  /** 8-bit RGBA, already upright. */
  data: Uint8ClampedArray;
}

/**
 * Decodes a HEIC/HEIF still with libheif compiled to WebAssembly. The prebuilt sharp has no
 * HEVC decoder, and Debian's libheif 1.15 cannot open iOS 18 photos with gain maps
 * (docs/architecture.md has the measurements). The primary image is chosen explicitly: the
 * first image in a file is not always it. libheif applies the irot/imir transforms, so the
 * pixels are upright and the EXIF Orientation tag must not be applied again.
 */
export async function decodeHeic(bytes: Uint8Array): Promise<DecodedImage> {
  const decoder = new libheif.HeifDecoder();
  const images = decoder.decode(bytes);
  try {
    const image = images.find((i) => i.is_primary()) ?? images[0];
    if (!image) throw new Error('heif: no image in the file');
    const width = image.get_width();
    const height = image.get_height();
    const data = await new Promise<Uint8ClampedArray>((resolve, reject) => {
      image.display({ data: new Uint8ClampedArray(width * height * 4), width, height }, (result) =>
        result ? resolve(result.data) : reject(new Error('heif: the image could not be decoded')),
      );
    });
    return { width, height, data };
  } finally {
    for (const image of images) image.free();
    decoder.decoder?.delete?.();
  }
}
