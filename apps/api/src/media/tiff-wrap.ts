/**
 * Wraps decoded 8-bit RGBA pixels and their ICC profile in a minimal uncompressed TIFF, so that
 * sharp sees the profile and converts to sRGB. sharp has no way to attach an input profile to raw
 * pixels, and iPhone photos are Display P3: treated as sRGB they would come out dull.
 * The cost is one copy of the pixels.
 */
export function rgbaAsTiff(
  width: number,
  height: number,
  pixels: Uint8Array | Uint8ClampedArray,
  icc: Uint8Array | undefined,
): Buffer {
  const pixelBytes = width * height * 4;
  if (pixels.length !== pixelBytes)
    throw new Error(`expected ${pixelBytes} bytes of RGBA, got ${pixels.length}`);
  const SHORT = 3;
  const LONG = 4;
  const UNDEFINED = 7;
  // [tag, type, count, value or the name of a block placed after the directory]
  const entries: [number, number, number, number | 'bits' | 'pixels' | 'icc'][] = [
    [256, LONG, 1, width], // ImageWidth
    [257, LONG, 1, height], // ImageLength
    [258, SHORT, 4, 'bits'], // BitsPerSample 8,8,8,8
    [259, SHORT, 1, 1], // Compression: none
    [262, SHORT, 1, 2], // Photometric: RGB
    [273, LONG, 1, 'pixels'], // StripOffsets
    [277, SHORT, 1, 4], // SamplesPerPixel
    [278, LONG, 1, height], // RowsPerStrip
    [279, LONG, 1, pixelBytes], // StripByteCounts
    [284, SHORT, 1, 1], // PlanarConfiguration: chunky
    [338, SHORT, 1, 2], // ExtraSamples: unassociated alpha
  ];
  if (icc?.length) entries.push([34675, UNDEFINED, icc.length, 'icc']); // ICCProfile
  const directory = 8;
  const bits = directory + 2 + entries.length * 12 + 4;
  const profile = bits + 8;
  const pixelStart = profile + (icc?.length ?? 0) + ((profile + (icc?.length ?? 0)) % 2);
  const out = Buffer.alloc(pixelStart + pixelBytes);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(directory, 4);
  out.writeUInt16LE(entries.length, directory);
  entries.forEach(([tag, type, count, value], i) => {
    const at = directory + 2 + i * 12;
    const resolved =
      value === 'bits' ? bits : value === 'pixels' ? pixelStart : value === 'icc' ? profile : value;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(count, at + 4);
    if (type === SHORT && count === 1) out.writeUInt16LE(resolved, at + 8);
    else out.writeUInt32LE(resolved, at + 8);
  });
  for (let i = 0; i < 4; i++) out.writeUInt16LE(8, bits + i * 2);
  if (icc?.length) out.set(icc, profile);
  out.set(pixels, pixelStart);
  return out;
}
