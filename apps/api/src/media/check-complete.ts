import fs from 'node:fs/promises';
import { KeepsakeError } from '../errors.js';

/**
 * HEIC, MOV and MP4 are ISO base media files: a chain of top-level boxes, each starting with its
 * size. A file cut short (an interrupted copy) still decodes with libheif, into a partly grey
 * picture, so truncation is checked here: the last box must end exactly at the end of the file.
 */
export async function assertBoxesComplete(path: string): Promise<void> {
  const handle = await fs.open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const header = Buffer.alloc(16);
    let offset = 0;
    while (offset < fileSize) {
      const { bytesRead } = await handle.read(header, 0, 16, offset);
      if (bytesRead < 8) throw truncated(offset, fileSize);
      let boxSize = header.readUInt32BE(0);
      if (boxSize === 1) {
        if (bytesRead < 16) throw truncated(offset, fileSize);
        boxSize = Number(header.readBigUInt64BE(8));
      } else if (boxSize === 0) {
        return; // "to the end of the file"
      }
      if (boxSize < 8) throw truncated(offset, fileSize);
      offset += boxSize;
    }
    if (offset > fileSize) throw truncated(offset, fileSize);
  } finally {
    await handle.close();
  }
}

function truncated(expected: number, actual: number): KeepsakeError {
  return new KeepsakeError(
    'CORRUPT_FILE',
    `The file is cut short: its structure needs at least ${expected} bytes but it has ${actual}. Upload it again from the original source.`,
    { step: 'check' },
  );
}
