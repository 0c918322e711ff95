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
 * mkdir -p; returns the directories whose entries it changed (the parent of each directory it
 * created), which must be fsynced before the new directories are durable.
 */
async function makeDirs(dir: string): Promise<string[]> {
  const firstCreated = await fs.mkdir(dir, { recursive: true });
  if (firstCreated === undefined) return [];
  const changed: string[] = [];
  for (let current = dir; current !== path.dirname(firstCreated); current = path.dirname(current)) {
    changed.push(path.dirname(current));
  }
  return changed;
}

/** mkdir -p that also makes the new directory entries durable. */
export async function ensureDirDurable(dir: string): Promise<void> {
  await Promise.all((await makeDirs(dir)).map(fsyncPath));
}

/**
 * Rename `from` onto `to` and fsync `to`'s directory (and the parents of any directory made for
 * it), so the rename survives a power cut. The fsyncs run together: each is needed, none has to
 * wait for another, and the caller acknowledges nothing before all of them are done.
 */
export async function durableRename(from: string, to: string): Promise<void> {
  const dir = path.dirname(to);
  const parents = await makeDirs(dir);
  await fs.rename(from, to);
  await Promise.all([...parents, dir].map(fsyncPath));
}
