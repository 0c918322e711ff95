import fs from 'node:fs/promises';
import path from 'node:path';

/** fsync a file or directory by path. A directory's fsync makes a rename in it durable. */
export async function fsyncPath(target: string): Promise<void> {
  const handle = await fs.open(target, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * mkdir -p that also makes the new directory entries durable: each created directory is
 * only safe once its parent has been fsynced.
 */
export async function ensureDirDurable(dir: string): Promise<void> {
  const firstCreated = await fs.mkdir(dir, { recursive: true });
  if (firstCreated === undefined) return;
  let current = dir;
  const stop = path.dirname(firstCreated);
  while (true) {
    const parent = path.dirname(current);
    await fsyncPath(parent);
    if (parent === stop || parent === current) break;
    current = parent;
  }
}

/** Rename `from` onto `to` and fsync `to`'s directory, so the rename survives a power cut. */
export async function durableRename(from: string, to: string): Promise<void> {
  await ensureDirDurable(path.dirname(to));
  await fs.rename(from, to);
  await fsyncPath(path.dirname(to));
}
