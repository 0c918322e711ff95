import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { corpusDir } from './server';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'keepsake-e2e-files-'));

/**
 * A real JPEG padded with random bytes to `megabytes`: decoders stop at the image's end
 * marker, so it still makes a thumbnail, and the random tail makes its checksum unique.
 */
export function largePhoto(name: string, megabytes: number): string {
  const file = path.join(scratch, name);
  const photo = fs.readFileSync(path.join(corpusDir, 'landscape_1.jpg'));
  fs.writeFileSync(file, Buffer.concat([photo, randomBytes(megabytes * 1_000_000 - photo.length)]));
  return file;
}

/** The first half of a real HEIC: stored like any upload, then refused by the pipeline as cut short. */
export function truncatedHeic(name: string): Buffer {
  const bytes = fs.readFileSync(path.join(corpusDir, 'IMG_5195.HEIC'));
  const half = bytes.subarray(0, Math.floor(bytes.length / 2));
  fs.writeFileSync(path.join(scratch, name), half);
  return half;
}

export const corpusFile = (name: string) => path.join(corpusDir, name);
