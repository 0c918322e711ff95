/**
 * Apple's EXIF MakerNote: "Apple iOS\0", a byte-order mark, then a TIFF-style IFD whose offsets
 * count from the start of the MakerNote. exifr hands the MakerNote over as raw bytes without
 * decoding Apple's tags, and no maintained JavaScript library does, so this reads the one tag
 * Keepsake needs: 0x0011, ContentIdentifier, the key that joins a Live Photo's still and motion
 * (the video carries it as com.apple.quicktime.content.identifier).
 */
export function appleContentIdentifier(makerNote: Uint8Array | undefined): string | null {
  if (!makerNote || makerNote.length < 16) return null;
  const bytes = Buffer.from(makerNote.buffer, makerNote.byteOffset, makerNote.byteLength);
  if (bytes.toString('latin1', 0, 10) !== 'Apple iOS\u0000') return null;
  const little = bytes.toString('latin1', 12, 14) === 'II';
  const u16 = (at: number) => (little ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const entries = u16(14);
  for (let i = 0, at = 16; i < entries && at + 12 <= bytes.length; i++, at += 12) {
    const tag = u16(at);
    const type = u16(at + 2);
    const count = u32(at + 4);
    if (tag !== 0x0011 || type !== 2) continue; // ASCII string
    const start = count > 4 ? u32(at + 8) : at + 8;
    if (start + count > bytes.length) return null;
    const text = bytes.toString('latin1', start, start + count);
    const value = text.includes('\u0000') ? text.slice(0, text.indexOf('\u0000')) : text;
    return value || null;
  }
  return null;
}
