import fs from 'node:fs/promises';
import path from 'node:path';
import { perConnection } from '@keepsake/db';
import type { DiskSpace } from '@keepsake/shared';
import { sql } from 'drizzle-orm';

/**
 * The data folder is where the SQLite file lives, so it is read from the open database rather
 * than from the config (which the tRPC context does not carry).
 */
export const dataDirOf = perConnection((db): string | null => {
  const main = db.get<{ file: string } | undefined>(
    sql`select file from pragma_database_list where name = 'main'`,
  );
  return main?.file ? path.dirname(main.file) : null;
});

/** Free and total bytes of the file system holding `dir`, as an unprivileged process may use it. */
export async function diskSpace(dir: string | null): Promise<DiskSpace | null> {
  if (!dir) return null;
  try {
    const stats = await fs.statfs(dir);
    return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
  } catch {
    return null;
  }
}

/**
 * Uploads stop with STORAGE_FULL when the disk fills, so the Overview warns well before: below
 * 10% or 5 GB free, and urgently below 2% or 1 GB.
 */
export function diskPressure(disk: DiskSpace | null): 'diskFull' | 'diskLow' | null {
  if (!disk || disk.totalBytes === 0) return null;
  const share = disk.freeBytes / disk.totalBytes;
  if (share < 0.02 || disk.freeBytes < 1e9) return 'diskFull';
  if (share < 0.1 || disk.freeBytes < 5e9) return 'diskLow';
  return null;
}
