import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { rgbaAsTiff } from './tiff-wrap.js';

/** sharp's bundled Display P3 profile, as an iPhone HEIC carries it. */
async function displayP3Profile(): Promise<Buffer> {
  const tagged = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } })
    .withIccProfile('p3')
    .png()
    .toBuffer();
  return (await sharp(tagged).metadata()).icc!;
}

async function firstPixel(tiff: Buffer): Promise<number[]> {
  const data = await sharp(tiff).toColourspace('srgb').removeAlpha().raw().toBuffer();
  return [...data.subarray(0, 3)];
}

describe('rgbaAsTiff', () => {
  it('carries the colour profile, so Display P3 pixels come out as the right sRGB', async () => {
    // sRGB's pure red is about (234, 51, 35) in Display P3.
    const p3Red = new Uint8Array(Array.from({ length: 4 * 4 }, (_, i) => [234, 51, 35, 255][i % 4]!));
    const [r, g, b] = await firstPixel(rgbaAsTiff(2, 2, p3Red, await displayP3Profile()));
    expect(r).toBeGreaterThan(250);
    expect(g).toBeLessThan(12);
    expect(b).toBeLessThan(12);
    // Without the profile the same numbers are taken as sRGB: a duller red.
    expect(await firstPixel(rgbaAsTiff(2, 2, p3Red, undefined))).toEqual([234, 51, 35]);
  });

  it('refuses a pixel buffer of the wrong size', () => {
    expect(() => rgbaAsTiff(10, 10, new Uint8Array(399), undefined)).toThrow(/expected 400 bytes/);
  });
});
