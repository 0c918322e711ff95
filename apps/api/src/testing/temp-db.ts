import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type OpenedDatabase, openDatabase } from '@keepsake/db';

/** A real SQLite file in a fresh folder, removed by `cleanup`. */
export function tempDatabase(): OpenedDatabase & { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keepsake-db-'));
  const opened = openDatabase(path.join(dir, 'keepsake.sqlite'));
  return {
    ...opened,
    dir,
    cleanup() {
      opened.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
