import fs from 'node:fs/promises';

const containers = new Set(['moov', 'trak', 'mdia', 'minf', 'udta', 'meta', 'edts', 'dinf', 'stbl']);

/**
 * Apple's QuickTime metadata (`meta` → `keys` + `ilst`, "mdta" keys such as
 * com.apple.quicktime.content.identifier). ffprobe 5.1 reports them only when the `meta` box sits
 * directly in `moov`; iPhones also write it inside a track, where it is skipped, which hides the
 * Live Photo key of some videos. This walks the whole `moov` tree and reads every key/value pair.
 */
export async function readQuickTimeKeys(path: string): Promise<Record<string, string>> {
  const moov = await readTopLevelBox(path, 'moov');
  const found: Record<string, string> = {};
  if (moov) walk(moov, 8, moov.length, found);
  if (Object.keys(found).length === 0) await findStrayMeta(path, found);
  return found;
}

/** Live Photo motion files are a few MB; longer videos are not searched byte by byte. */
const strayMetaSearchLimit = 64 * 1024 * 1024;

/**
 * Some Live Photo videos (seen from an iPhone SE, iOS 16) carry their `meta` box inside `mdat`
 * instead of `moov`, where no box walk finds it: look for its `mdta` handler in the bytes.
 */
async function findStrayMeta(path: string, found: Record<string, string>): Promise<void> {
  const { size } = await fs.stat(path);
  if (size > strayMetaSearchLimit) return;
  const bytes = await fs.readFile(path);
  let at = bytes.indexOf('hdlr\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000mdta', 0, 'latin1');
  while (at !== -1) {
    const metaStart = bytes.lastIndexOf('meta', at, 'latin1') - 4;
    if (metaStart >= 0) {
      const metaSize = bytes.readUInt32BE(metaStart);
      if (metaSize >= 8 && metaStart + metaSize <= bytes.length)
        readMeta(bytes, metaStart + 8, metaStart + metaSize, found);
    }
    at = bytes.indexOf('hdlr\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000mdta', at + 4, 'latin1');
  }
}

async function readTopLevelBox(path: string, type: string): Promise<Buffer | undefined> {
  const handle = await fs.open(path, 'r');
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(16);
    let offset = 0;
    while (offset + 8 <= size) {
      await handle.read(header, 0, 16, offset);
      let boxSize = header.readUInt32BE(0);
      if (boxSize === 1) boxSize = Number(header.readBigUInt64BE(8));
      else if (boxSize === 0) boxSize = size - offset;
      if (boxSize < 8) return undefined;
      if (header.toString('latin1', 4, 8) === type) {
        // moov holds indexes and metadata, not media: a few MB at most.
        if (boxSize > 64 * 1024 * 1024) return undefined;
        const box = Buffer.alloc(boxSize);
        await handle.read(box, 0, boxSize, offset);
        return box;
      }
      offset += boxSize;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

function walk(buffer: Buffer, start: number, end: number, found: Record<string, string>): void {
  let offset = start;
  while (offset + 8 <= end) {
    const size = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    if (size < 8 || offset + size > end) return;
    if (type === 'meta') readMeta(buffer, offset + 8, offset + size, found);
    else if (containers.has(type)) walk(buffer, offset + 8, offset + size, found);
    offset += size;
  }
}

function readMeta(buffer: Buffer, start: number, end: number, found: Record<string, string>): void {
  // An ISO `meta` box starts with 4 bytes of version and flags; QuickTime's does not.
  const bodyStart = buffer.toString('latin1', start + 4, start + 8) === 'hdlr' ? start : start + 4;
  const children = new Map<string, [number, number]>();
  for (let offset = bodyStart; offset + 8 <= end; ) {
    const size = buffer.readUInt32BE(offset);
    if (size < 8 || offset + size > end) break;
    children.set(buffer.toString('latin1', offset + 4, offset + 8), [offset + 8, offset + size]);
    offset += size;
  }
  const keysBox = children.get('keys');
  const listBox = children.get('ilst');
  if (!keysBox || !listBox) return;
  const keys: string[] = [];
  const count = buffer.readUInt32BE(keysBox[0] + 4);
  for (let i = 0, offset = keysBox[0] + 8; i < count && offset + 8 <= keysBox[1]; i++) {
    const size = buffer.readUInt32BE(offset);
    if (size < 8) break;
    keys.push(buffer.toString('utf8', offset + 8, offset + size));
    offset += size;
  }
  for (let offset = listBox[0]; offset + 8 <= listBox[1]; ) {
    const size = buffer.readUInt32BE(offset);
    if (size < 8) break;
    const key = keys[buffer.readUInt32BE(offset + 4) - 1];
    const data = offset + 8;
    // `data` box: size, "data", type indicator (1 = UTF-8), locale, then the value.
    if (
      key &&
      buffer.toString('latin1', data + 4, data + 8) === 'data' &&
      buffer.readUInt32BE(data + 8) === 1
    ) {
      const dataSize = buffer.readUInt32BE(data);
      found[key] ??= buffer.toString('utf8', data + 16, data + dataSize);
    }
    offset += size;
  }
}
