// Runs in a worker thread (see decode-heic.ts): libheif's WebAssembly decoder takes 0.5–1 s of
// CPU per iPhone photo, which must not block the event loop that receives uploads.
// Plain JavaScript so it runs the same from source (tests) and from the bundled dist/.
import { parentPort } from 'node:worker_threads';
import libheif from 'libheif-js/wasm-bundle.js';

/** @param {Uint8Array} bytes @returns {Promise<{width:number,height:number,data:Uint8ClampedArray}>} */
async function decode(bytes) {
  const decoder = new libheif.HeifDecoder();
  const images = decoder.decode(bytes);
  try {
    // The first image in a file is not always the primary one.
    const image = images.find((i) => i.is_primary()) ?? images[0];
    if (!image) throw new Error('heif: no image in the file');
    const width = image.get_width();
    const height = image.get_height();
    const data = await new Promise((resolve, reject) => {
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

// One file at a time (threads/worker-pool.ts): the decoded pixels move to the event loop rather
// than being copied (47 MiB for 12 MP).
parentPort?.on('message', async (bytes) => {
  try {
    const image = await decode(bytes);
    parentPort?.postMessage({ reply: image }, [image.data.buffer]);
  } catch (error) {
    parentPort?.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  }
});
