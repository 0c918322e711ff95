/**
 * Files up to this size are hashed in the browser before uploading, to skip what the server
 * already has. crypto.subtle has no streaming digest, so the whole file is read into memory;
 * larger files are sent unchecked (the server still stores identical bytes only once).
 */
export const maxHashedBytes = 512 * 1024 * 1024;

export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The RFC 9530 `Repr-Digest` value for a hex SHA-256, so the server refuses bytes damaged on the way. */
export function reprDigest(hex: string): string {
  const bytes = hex.match(/../g)!.map((pair) => Number.parseInt(pair, 16));
  return `sha-256=:${btoa(String.fromCharCode(...bytes))}:`;
}
