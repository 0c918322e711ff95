import type { Readable } from 'node:stream';

export interface BlobStat {
  size: number;
  modifiedAt: Date;
}

/**
 * The storage seam: everything that touches originals and derived files goes through it, so
 * another backend (an S3-compatible store) can take its place. Keys are server-made,
 * slash-separated and never contain a client's file name.
 *
 * Every `put*` is durable when its promise resolves: a caller may acknowledge right after.
 */
export interface BlobStore {
  /**
   * Moves a finished local file (e.g. a staged upload) under `key`; the source is consumed.
   * `synced`: the caller fsynced the source after its last write, so it need not be again.
   */
  putFile(key: string, sourcePath: string, options?: { synced?: boolean }): Promise<void>;
  putBuffer(key: string, data: Uint8Array): Promise<void>;
  putStream(key: string, data: Readable): Promise<void>;
  read(key: string, range?: { start: number; end: number }): Readable;
  /** A local path for tools that need one (sharp, ffmpeg); a remote store would download first. */
  localPath(key: string): string;
  stat(key: string): Promise<BlobStat | null>;
  delete(key: string): Promise<void>;
  list(prefix: string): AsyncIterable<string>;
}

const keyPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** Keys come from server code only; this guard turns a bug into an error, not a path escape. */
export function assertValidKey(key: string): void {
  if (!keyPattern.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`Invalid storage key ${JSON.stringify(key)}`);
  }
}
