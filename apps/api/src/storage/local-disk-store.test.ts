import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDiskStore } from './local-disk-store.js';

let root: string;
let store: LocalDiskStore;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'keepsake-store-'));
  store = new LocalDiskStore(root, path.join(root, 'tmp'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('LocalDiskStore', () => {
  it('writes streams, buffers and files under keys, and reads, stats, lists and deletes them', async () => {
    await store.putStream('library/u/aa/one.jpg', Readable.from(['hello ', 'world']));
    await store.putBuffer('library/u/bb/two.jpg', Buffer.from('second'));
    const source = path.join(root, 'staged.part');
    fs.writeFileSync(source, 'third');
    await store.putFile('library/u/cc/three.jpg', source);
    expect(fs.existsSync(source)).toBe(false);

    expect(await text(store.read('library/u/aa/one.jpg'))).toBe('hello world');
    expect(await text(store.read('library/u/aa/one.jpg', { start: 6, end: 10 }))).toBe('world');
    expect((await store.stat('library/u/bb/two.jpg'))?.size).toBe(6);
    expect(await store.stat('library/u/zz/missing.jpg')).toBeNull();
    const listed: string[] = [];
    for await (const key of store.list('library/u')) listed.push(key);
    expect(listed).toEqual(['library/u/aa/one.jpg', 'library/u/bb/two.jpg', 'library/u/cc/three.jpg']);

    await store.delete('library/u/aa/one.jpg');
    expect(await store.stat('library/u/aa/one.jpg')).toBeNull();
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('leaves nothing behind when a stream fails half-way', async () => {
    const failing = new Readable({
      read() {
        this.push('partial');
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.putStream('library/u/x.jpg', failing)).rejects.toThrow('client went away');
    expect(await store.stat('library/u/x.jpg')).toBeNull();
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it.each(['../escape', '/absolute', 'a/../../b', 'a//b', 'with space', 'nul\u0000byte', ''])(
    'refuses the key %j instead of escaping the data folder',
    (key) => {
      expect(() => store.localPath(key)).toThrow(/Invalid storage key/);
    },
  );
});
