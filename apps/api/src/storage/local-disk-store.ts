import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertValidKey, type BlobStat, type BlobStore } from './blob-store.js';
import { durableRename, fsyncPath } from './durable-fs.js';

/** Blobs as plain files under the data folder: `<root>/<key>`. */
export class LocalDiskStore implements BlobStore {
  constructor(
    private readonly root: string,
    /** Where `putBuffer` writes before its rename; must be on the same file system as root. */
    private readonly tempDir: string,
  ) {}

  localPath(key: string): string {
    assertValidKey(key);
    return path.join(this.root, key);
  }

  async putFile(key: string, sourcePath: string, options?: { synced?: boolean }): Promise<void> {
    if (!options?.synced) await fsyncPath(sourcePath);
    await durableRename(sourcePath, this.localPath(key));
  }

  putBuffer(key: string, data: Uint8Array): Promise<void> {
    return this.putStream(key, Readable.from([data]));
  }

  /** Written beside the target first, fsynced, then renamed: a reader never sees half a file. */
  async putStream(key: string, data: Readable): Promise<void> {
    const target = this.localPath(key);
    await fs.mkdir(this.tempDir, { recursive: true });
    const temp = path.join(this.tempDir, `${crypto.randomUUID()}.tmp`);
    try {
      await pipeline(data, createWriteStream(temp, { flags: 'wx' }));
      await fsyncPath(temp);
      await durableRename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  read(key: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.localPath(key), range);
  }

  async stat(key: string): Promise<BlobStat | null> {
    try {
      const s = await fs.stat(this.localPath(key));
      return { size: s.size, modifiedAt: s.mtime };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.localPath(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<string> {
    const base = path.join(this.root, prefix);
    let entries: string[];
    try {
      entries = await fs.readdir(base, { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries.sort()) {
      const full = path.join(base, entry);
      if ((await fs.stat(full)).isFile()) yield path.posix.join(prefix, entry.split(path.sep).join('/'));
    }
  }
}
