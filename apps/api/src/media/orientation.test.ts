import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../testing/test-server.js';
import { applyOrientation } from './orientation.js';

describe('applyOrientation', () => {
  // The corpus has one JPEG per orientation; stripping the tag and applying it by hand must give
  // the same pixels as libvips' own auto-orientation.
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i matches auto-orientation', async (orientation) => {
    const file = fs.readFileSync(path.join(corpusDir, `landscape_${orientation}.jpg`));
    const auto = await sharp(file).rotate().raw().toBuffer({ resolveWithObject: true });
    const pixels = await sharp(file).raw().toBuffer({ resolveWithObject: true });
    const stripped = sharp(pixels.data, {
      raw: { width: pixels.info.width, height: pixels.info.height, channels: 3 },
    });
    const manual = await applyOrientation(stripped, orientation).raw().toBuffer({ resolveWithObject: true });
    expect([manual.info.width, manual.info.height]).toEqual([auto.info.width, auto.info.height]);
    expect(manual.data.equals(auto.data)).toBe(true);
  });
});
