import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { StagingArea } from './staging.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function staging(): StagingArea {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keepsake-staging-'));
  dirs.push(dir);
  return new StagingArea(dir);
}

/** A request body that sends `chunks` and then loses its connection. */
function droppedBody(chunks: Buffer[]): Readable {
  let i = 0;
  return new Readable({
    read() {
      if (i < chunks.length) this.push(chunks[i++]);
      else this.destroy(new Error('connection reset'));
    },
  });
}

describe('StagingArea.receive', () => {
  it('keeps a running hash of exactly the bytes on disk when the client drops, so resuming re-reads nothing', async () => {
    const area = staging();
    await area.create('u1');
    const chunks = Array.from({ length: 20 }, () => randomBytes(64 * 1024));
    const first = await area.receive('u1', droppedBody(chunks), { offset: 0, maxBytes: 1e9 });
    expect(first.error).toBeDefined();
    expect(first.runningHash?.bytes).toBe(first.size);

    const whole = Buffer.concat([...chunks, randomBytes(1000)]);
    const rest = whole.subarray(first.size);
    const second = await area.receive('u1', Readable.from([rest]), {
      offset: first.size,
      maxBytes: 1e9,
      ...(first.runningHash ? { runningHash: first.runningHash } : {}),
    });
    expect(second.error).toBeUndefined();
    expect(second.size).toBe(whole.length);
    expect(second.runningHash?.bytes).toBe(whole.length);
    const expected = createHash('sha256').update(whole).digest('hex');
    expect(await area.digest('u1', second.runningHash)).toBe(expected);
    expect(fs.readFileSync(area.pathFor('u1')).equals(whole)).toBe(true);
  });
});

describe('StagingArea.receive, creating the staged file', () => {
  it('makes the file (and its folder) with the first bytes', async () => {
    const area = new StagingArea(path.join(staging().dir, 'not-yet'));
    const bytes = randomBytes(300 * 1024);
    const received = await area.receive('u1', Readable.from([bytes]), {
      offset: 0,
      maxBytes: 1e9,
      creating: true,
    });
    expect(received.error).toBeUndefined();
    expect(received.size).toBe(bytes.length);
    expect(fs.readFileSync(area.pathFor('u1')).equals(bytes)).toBe(true);
  });

  it('never writes over a staged file that exists', async () => {
    const area = staging();
    await area.create('u1');
    fs.writeFileSync(area.pathFor('u1'), 'bytes of another request');
    await expect(
      area.receive('u1', Readable.from([randomBytes(10)]), { offset: 0, maxBytes: 1e9, creating: true }),
    ).rejects.toMatchObject({ code: 'EEXIST' });
    expect(fs.readFileSync(area.pathFor('u1'), 'utf8')).toBe('bytes of another request');
  });
});

describe('StagingArea.receive, flushing ahead of the end', () => {
  it('writes a body of several MiB whole while flushing what arrived', async () => {
    const area = staging();
    const chunks = Array.from({ length: 80 }, () => randomBytes(64 * 1024));
    const whole = Buffer.concat(chunks);
    const received = await area.receive('u1', Readable.from(chunks), {
      offset: 0,
      maxBytes: 1e9,
      creating: true,
    });
    expect(received.error).toBeUndefined();
    expect(received.size).toBe(whole.length);
    expect(await area.digest('u1', received.runningHash)).toBe(
      createHash('sha256').update(whole).digest('hex'),
    );
    expect(fs.readFileSync(area.pathFor('u1')).equals(whole)).toBe(true);
  });

  it('fails the upload for good, naming the disk, when a flush fails', async () => {
    // A device that takes writes but refuses to flush them (fdatasync: EINVAL), in place of a
    // failing disk.
    const area = staging();
    fs.symlinkSync('/dev/null', area.pathFor('u1'));
    const chunks = Array.from({ length: 40 }, () => randomBytes(64 * 1024));
    const received = await area.receive('u1', Readable.from(chunks), { offset: 0, maxBytes: 1e9 });
    expect(received.error).toMatchObject({ code: 'INTERNAL' });
    expect((received.error as Error).message).toMatch(
      /failed to write this upload \(EINVAL\).*Check the disk/,
    );
  });
});
