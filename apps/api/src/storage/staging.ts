import { createHash, type Hash } from 'node:crypto';
import { createReadStream, fdatasync, writev } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isKeepsakeError, KeepsakeError } from '../errors.js';

/** A running SHA-256 that is only trusted while it covers exactly the bytes on disk. */
export interface RunningHash {
  hash: Hash;
  bytes: number;
}

export interface ReceiveOptions {
  /** Where to write; must equal the staged file's size (the caller checks the client's offset). */
  offset: number;
  /**
   * The staged file does not exist yet and is made here (offset 0): an upload received in one
   * request needs no empty file made beforehand (`create`) and opened again.
   */
  creating?: boolean;
  /** Stop with TOO_LARGE once the file would grow past this. */
  maxBytes: number;
  /** Continued when it covers [0, offset); otherwise the file is re-read at finish. */
  runningHash?: RunningHash;
  onProgress?: (bytesOnDisk: number) => void;
}

export interface ReceiveResult {
  /** The staged file's size after this request, fsynced: the true resume offset. */
  size: number;
  runningHash: RunningHash | undefined;
  /** Set when the request body did not arrive whole (client went away, limit, disk full). */
  error?: unknown;
}

/**
 * Uploads in progress live here as `<dir>/<uploadId>.part`, on the same file system as the
 * library so the final move is a rename.
 */
export class StagingArea {
  /** What every upload receiving now holds in common: its gathered bytes and flushes ahead. */
  private readonly everywhere: Everywhere = { bytes: 0, flushing: 0 };

  constructor(readonly dir: string) {}

  pathFor(uploadId: string): string {
    return path.join(this.dir, `${uploadId}.part`);
  }

  async create(uploadId: string): Promise<void> {
    await (await this.openNew(uploadId)).close();
  }

  /** A new, empty staged file, open for writing; never one that exists already. */
  private async openNew(uploadId: string): Promise<FileHandle> {
    // The folder is made when missing, not checked before every upload: each file-system call
    // is a round trip through the thread pool.
    const open = () => fs.open(this.pathFor(uploadId), 'wx');
    return open().catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await fs.mkdir(this.dir, { recursive: true });
      return open();
    });
  }

  /** The ids of the uploads staged here. */
  async list(): Promise<string[]> {
    try {
      const names = await fs.readdir(this.dir);
      return names.filter((name) => name.endsWith('.part')).map((name) => name.slice(0, -'.part'.length));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async size(uploadId: string): Promise<number | null> {
    try {
      return (await fs.stat(this.pathFor(uploadId))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async remove(uploadId: string): Promise<void> {
    await fs.rm(this.pathFor(uploadId), { force: true });
  }

  /**
   * Appends a request body at `offset`. Whatever reached the disk is kept and fsynced even
   * when the client goes away half-way: that is what makes a dropped connection resumable.
   */
  async receive(uploadId: string, body: Readable, options: ReceiveOptions): Promise<ReceiveResult> {
    const file = this.pathFor(uploadId);
    const continuing = options.runningHash?.bytes === options.offset ? options.runningHash : undefined;
    const running: RunningHash =
      continuing ??
      (options.offset === 0
        ? { hash: createHash('sha256'), bytes: 0 }
        : { hash: createHash('sha256'), bytes: -1 });
    let seen = options.offset;
    let lastReport = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        seen += chunk.length;
        if (seen > options.maxBytes) {
          callback(
            new KeepsakeError(
              'TOO_LARGE',
              `This upload passed the server's limit of ${options.maxBytes} bytes; raise KEEPSAKE_MAX_UPLOAD_BYTES to accept it.`,
            ),
          );
          return;
        }
        const now = Date.now();
        if (options.onProgress && now - lastReport > 250) {
          lastReport = now;
          options.onProgress(seen);
        }
        callback(null, chunk);
      },
    });
    let error: unknown;
    const handle = options.creating ? await this.openNew(uploadId) : await fs.open(file, 'r+');
    const writer = hashedWriter(handle, options.offset, running, this.everywhere);
    try {
      await pipeline(body, meter, writer.stream);
    } catch (caught) {
      error = (caught as NodeJS.ErrnoException).code === 'ENOSPC' ? storageFull(caught) : caught;
    } finally {
      // A write still in flight when the request failed must land before the fsync and the
      // size below, or the resume offset could count bytes that are not yet durable.
      await writer.settled();
      // After a failed flush nothing is kept, and its fsync would fail again.
      await (writer.lost() ? Promise.resolve() : handle.sync()).finally(() => handle.close());
    }
    // A failed flush is the cause whatever else failed: the upload must not look resumable.
    const lost = writer.lost();
    if (lost) error = lost;
    // A write that failed on its own (a flush after a pause) is the cause, whatever then ended the
    // request: a full disk must fail the upload, not look like a dropped connection.
    const failedWrite = writer.failure();
    if (failedWrite !== undefined && !isKeepsakeError(error)) {
      error =
        (failedWrite as NodeJS.ErrnoException).code === 'ENOSPC' ? storageFull(failedWrite) : failedWrite;
    }
    const size = (await fs.stat(file)).size;
    const trusted = running.bytes === size ? running : undefined;
    return error === undefined ? { size, runningHash: trusted } : { size, runningHash: trusted, error };
  }

  /**
   * SHA-256 of the whole staged file, reusing the running hash when it is still exact. `size`:
   * the staged file's size when the caller just learnt it from `receive`.
   */
  async digest(uploadId: string, runningHash: RunningHash | undefined, size?: number): Promise<string> {
    size ??= (await this.size(uploadId)) ?? undefined;
    if (runningHash && runningHash.bytes === size) return runningHash.hash.copy().digest('hex');
    const hash = createHash('sha256');
    await pipeline(createReadStream(this.pathFor(uploadId)), hash);
    return hash.digest('hex');
  }
}

/**
 * Each write is a round trip through libuv's thread pool that cost the event loop ~36 µs on the
 * development VM; a socket hands over 64 KiB at a time, so 68 uploads (360 MiB) made 5,575
 * writes and 200 ms of event-loop time. Gathering chunks into writes of up to 256 KiB made eight
 * phones' photos come in ~15 % faster than writes of 128 KiB.
 */
const gatherBytes = 256 * 1024;
/**
 * What all uploads together may hold gathered or being written: past it, chunks are written as
 * they come. Many uploads at once would otherwise add up (32 × 256 KiB, twice over while writes
 * are in flight), and memory must not grow with the number of uploads.
 */
const gatherBudget = 4 * 1024 * 1024;
/** Bytes gathered but not followed by more within this long are written anyway (a slow phone). */
const gatherIdleMs = 20;
/**
 * Written bytes are flushed to the disk while the rest of the body still arrives (an fdatasync on
 * the thread pool, one at a time per upload) once this many wait: the fsync that must come before
 * the answer then finds little left to write, and the disk works while the network does. In a
 * test on the development VM a 3 MiB photo's last fsync took ~0.4 ms instead of ~2.7, and a
 * 200 MiB video's ~6 ms instead of ~140.
 */
const flushAheadBytes = 1024 * 1024;
/** Flushes ahead of all uploads at once: the thread pool's four threads also make every write. */
const flushesAhead = 2;

/** Bytes gathered or being written by every upload (held to `gatherBudget`), and its flushes ahead. */
interface Everywhere {
  bytes: number;
  flushing: number;
}

/**
 * Writes chunks at `position` onwards and feeds each to the running hash once it is written, so
 * the hash covers exactly the bytes on disk even when the client goes away half-way: a resumed
 * upload then continues it instead of reading the whole file again at the end. Chunks are
 * gathered up to `gatherBytes` (within the `gatherBudget` shared with other uploads) and written
 * together; what is gathered when the request ends, well or not, is written before `settled()`
 * resolves.
 */
function hashedWriter(handle: FileHandle, start: number, running: RunningHash, everywhere: Everywhere) {
  let position = start;
  let unflushed = 0;
  let flushing: Promise<void> | undefined;
  let lost: KeepsakeError | undefined;
  let gathered: Buffer[] = [];
  let gatheredBytes = 0;
  // Writes run one after another (a flush on destroy can come while one is in flight), and
  // none after a failed one: the next would land at the wrong position.
  let chain: Promise<unknown> = Promise.resolve();
  let failed: { error: unknown } | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  const write = async (chunks: Buffer[]) => {
    // One writev per batch with the callback API: FileHandle.write per chunk cost twice the
    // main thread's time. A short write (rare on a local disk) continues with the rest.
    const from = position;
    let rest = chunks;
    while (rest.length > 0) {
      const written = await writevAt(handle.fd, rest, position);
      position += written;
      rest = dropFront(rest, written);
    }
    if (running.bytes >= 0) {
      for (const chunk of chunks) {
        running.hash.update(chunk);
        running.bytes += chunk.length;
      }
    }
    unflushed += position - from;
    flushAhead();
  };
  // A failed flush fails the upload for good: the kernel reports a write-back error to a file once,
  // so the fsync at the end, or a resumed upload's, could succeed over bytes that never reached
  // the disk.
  const flushAhead = () => {
    if (unflushed < flushAheadBytes || flushing || everywhere.flushing >= flushesAhead) return;
    unflushed = 0;
    everywhere.flushing++;
    flushing = new Promise<void>((resolve) => {
      fdatasync(handle.fd, (error) => {
        if (error) {
          lost ??= lostBytes(error);
          failed ??= { error: lost };
        }
        everywhere.flushing--;
        flushing = undefined;
        resolve();
      });
    });
  };
  const flush = (): Promise<void> => {
    clearTimeout(idleTimer);
    idleTimer = undefined;
    const chunks = gathered;
    const bytes = gatheredBytes;
    gathered = [];
    gatheredBytes = 0;
    const writing = chain
      .then(async () => {
        if (failed) throw failed.error;
        if (chunks.length === 0) return;
        await write(chunks).catch((error: unknown) => {
          failed = { error };
          throw error;
        });
      })
      // Held against the budget until written: a write in flight holds its buffers too.
      .finally(() => {
        everywhere.bytes -= bytes;
      });
    chain = writing.catch(() => undefined);
    return writing;
  };
  const take = (chunks: Buffer[], callback: (error?: Error | null) => void) => {
    for (const chunk of chunks) {
      gathered.push(chunk);
      gatheredBytes += chunk.length;
      everywhere.bytes += chunk.length;
    }
    if (gatheredBytes >= gatherBytes || everywhere.bytes > gatherBudget) {
      flush().then(() => callback(), callback);
      return;
    }
    // A failure here is kept in `failed` and reported by the next write or `settled()`.
    idleTimer ??= setTimeout(() => flush().catch(() => undefined), gatherIdleMs);
    callback();
  };
  return {
    stream: new Writable({
      write: (chunk: Buffer, _encoding, callback) => take([chunk], callback),
      writev: (entries, callback) =>
        take(
          entries.map((entry) => entry.chunk as Buffer),
          callback,
        ),
      final: (callback) => {
        flush().then(() => callback(), callback);
      },
      // A request that ends half-way keeps every byte it delivered: they are the resume point.
      destroy: (error, callback) => {
        if (gathered.length === 0) callback(error);
        else flush().then(() => callback(error), callback);
      },
    }),
    /** Every write made and every flush ahead finished: the file may be fsynced and closed. */
    settled: () => chain.then(() => flushing),
    /** Why a flush ahead failed, if one did: then the bytes received so far may not all be on the disk. */
    lost: () => lost,
    /** The error of a write that failed, if one did. */
    failure: () => failed?.error,
  };
}

function writevAt(fd: number, buffers: Buffer[], position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    writev(fd, buffers, position, (error, written) => (error ? reject(error) : resolve(written)));
  });
}

/** `buffers` without their first `bytes` bytes. */
function dropFront(buffers: Buffer[], bytes: number): Buffer[] {
  let skip = bytes;
  const rest: Buffer[] = [];
  for (const buffer of buffers) {
    if (skip >= buffer.length) skip -= buffer.length;
    else {
      rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
      skip = 0;
    }
  }
  return rest;
}

/** A flush that failed: the bytes received so far may not be on the disk, and are not kept. */
function lostBytes(cause: NodeJS.ErrnoException): KeepsakeError {
  if (cause.code === 'ENOSPC') return storageFull(cause);
  return new KeepsakeError(
    'INTERNAL',
    `The disk holding the Keepsake data folder failed to write this upload (${cause.code ?? cause.message}); nothing was kept. Check the disk, then upload again.`,
    { cause },
  );
}

function storageFull(cause: unknown): KeepsakeError {
  return new KeepsakeError(
    'STORAGE_FULL',
    'The disk holding the Keepsake data folder is full. Free space or move KEEPSAKE_DATA_DIR, then upload again.',
    { cause },
  );
}
