import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointInBackground } from './checkpoints.js';
import { openDatabase } from './client.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function temporary() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keepsake-checkpoints-'));
  dirs.push(dir);
  return openDatabase(path.join(dir, 'keepsake.sqlite'));
}

describe('checkpointInBackground', () => {
  it('leaves the WAL to its thread, which copies every committed page into the database', async () => {
    const { sqlite, close } = temporary();
    const checkpoints = checkpointInBackground(sqlite, { everyMs: 60_000 });
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    sqlite.exec('create table filler (bytes blob)');
    const insert = sqlite.prepare('insert into filler values (randomblob(3000))');
    // ~2,000 pages in many commits: on its own the connection would have checkpointed twice.
    for (let i = 0; i < 2000; i++) insert.run();
    const result = await checkpoints.now();
    expect(result.log).toBeGreaterThan(1500);
    expect(result.checkpointed).toBe(result.log);
    expect(sqlite.prepare('select count(*) from filler').pluck().get()).toBe(2000);

    await checkpoints.stop();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    // Stopping a thread that has already ended returns at once (a second shutdown, a failed start).
    await checkpoints.stop();
    close();
  });

  it('checkpoints by itself every so often', async () => {
    const { sqlite, close } = temporary();
    const checkpoints = checkpointInBackground(sqlite, { everyMs: 100 });
    sqlite.exec('create table filler (bytes blob)');
    const before = fs.statSync(sqlite.name).size;
    const insert = sqlite.prepare('insert into filler values (randomblob(3000))');
    for (let i = 0; i < 200; i++) insert.run();
    // The pages reach the database file only through a checkpoint, and nobody asked for one.
    await expect
      .poll(() => fs.statSync(sqlite.name).size - before, { timeout: 10_000 })
      .toBeGreaterThan(200 * 3000);
    await checkpoints.stop();
    close();
  });
});
