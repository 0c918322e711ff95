import type { Readable } from 'node:stream';
import { type Db, flushWal, schema, unsynced } from '@keepsake/db';
import type { ErrorCode, UploadMetadata, UploadResult } from '@keepsake/shared';
import { and, eq, inArray, lt } from 'drizzle-orm';
import { isKeepsakeError, KeepsakeError } from '../errors.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Logger } from '../log.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { RunningHash, StagingArea } from '../storage/staging.js';
import type { Caller } from './caller.js';
import { assertWithinQuota } from './quota.js';
import { guessResourceType, recordResource } from './record-resource.js';
import { originalKey } from './storage-key.js';
import { newRow, uploadStatements } from './upload-statements.js';
import type { UploadTraffic } from './upload-traffic.js';

const { uploads } = schema;

/** How often an upload's progress reaches the database while it is being received… */
const progressSaveMs = 5000;
/** …starting this long after its first bytes: most photos are stored before, and need no note. */
const firstProgressMs = 1000;
export type Upload = typeof uploads.$inferSelect;

export interface UploadServiceDeps {
  db: Db;
  staging: StagingArea;
  store: BlobStore;
  queue: JobQueue;
  log: Logger;
  maxUploadBytes: number;
  expiryMs: number;
  /** Told of every request that receives bytes, so processing can hold back (`JobRunner`). */
  traffic: UploadTraffic;
}

export type AppendOutcome =
  | { complete: false; offset: number; upload: Upload }
  | { complete: true; offset: number; upload: Upload; result: UploadResult };

interface ActiveRequest {
  /** Ends the request's body so a newer request for the same upload can take over. */
  abort(): void;
  done: Promise<unknown>;
}

/**
 * Receives resource bytes, possibly over several requests, and stores them durably: an upload
 * is acknowledged only after its bytes are fsynced, renamed into the library, the directory
 * fsynced and the database transaction committed.
 */
export class UploadService {
  /** Running SHA-256 per upload received in this process, so finishing needs no re-read. */
  private readonly hashes = new Map<string, RunningHash>();
  private readonly active = new Map<string, ActiveRequest>();
  /** When each upload's progress was last written to the database (ms). */
  private readonly saved = new Map<string, number>();
  /**
   * Uploads received in one request whose row is not written yet: it goes in with the transaction
   * that records the stored file, or earlier when there is something to show (progress after a
   * second, a failure) or the request ends otherwise. Until then no one can name the upload: its
   * client learns the id from the answer. A separate commit for the row wrote the uploads table
   * and its six indexes to the WAL twice per photo. Their staged file is made with their first
   * bytes too, not empty beforehand: making a file and opening it again cost ~1.5 ms a photo from
   * one phone (p50 19.5 → 18 ms).
   */
  private readonly unrecorded = new Map<string, Upload>();

  constructor(private readonly deps: UploadServiceDeps) {}

  /**
   * Opens an upload; bytes follow with `append`. A resumable upload's record is written and
   * fsynced, and its empty staged file made, at once: its client is told its address before the
   * end and may ask for its offset. Another's record is written with the first thing to record
   * (usually the stored file, in one transaction) and its staged file is made with its bytes. A
   * power cut in between can leave a staged file without a record: `expireStale` deletes those.
   */
  async create(caller: Caller, meta: UploadMetadata, options: { resumable: boolean }): Promise<Upload> {
    if (meta.expectedSize !== undefined && meta.expectedSize > this.deps.maxUploadBytes) {
      throw tooLarge(meta.expectedSize, this.deps.maxUploadBytes);
    }
    if (meta.expectedSize !== undefined) assertWithinQuota(this.deps.db, caller.userId, meta.expectedSize);
    const values: UploadRowValues = {
      ...newRow(),
      userId: caller.userId,
      deviceId: caller.deviceId,
      deviceAssetId: meta.deviceAssetId ?? null,
      resourceType: meta.resourceType ?? guessResourceType(meta),
      filename: meta.filename,
      contentType: meta.contentType ?? null,
      expectedSize: meta.expectedSize ?? null,
      metadata: meta,
    };
    let upload: Upload;
    if (options.resumable) {
      const inserted = uploadStatements(this.deps.db).insertUpload.get(values);
      if (!inserted) throw new Error('upload row missing right after insert');
      upload = inserted;
      await this.deps.staging.create(upload.id);
    } else {
      upload = receivingRow(values);
      this.unrecorded.set(upload.id, upload);
    }
    this.deps.log.info({ event: 'upload.created', uploadId: upload.id, deviceId: caller.deviceId });
    return upload;
  }

  /** The caller's upload, or NOT_FOUND: another person's upload does not exist for them. */
  get(caller: Caller, uploadId: string): Upload {
    const upload = uploadStatements(this.deps.db).uploadOf.get({ id: uploadId, userId: caller.userId });
    if (!upload) throw new KeepsakeError('NOT_FOUND', `There is no upload ${uploadId}. Start a new upload.`);
    return upload;
  }

  /**
   * The resume point: what is on disk for an unfinished upload. With `interrupt`, a request
   * still writing to it is ended first, so the answer cannot grow after it is given (a client
   * asks only after it lost its connection, possibly before the server noticed).
   */
  async offset(
    caller: Caller,
    uploadId: string,
    options?: { interrupt: boolean },
  ): Promise<{ upload: Upload; offset: number }> {
    if (options?.interrupt) await this.takeOver(uploadId);
    const upload = this.usable(this.get(caller, uploadId));
    if (upload.state === 'stored') return { upload, offset: upload.receivedBytes };
    const size = await this.deps.staging.size(upload.id);
    if (size === null) throw this.markGone(upload, 'its partial file is missing from the data folder');
    return { upload, offset: size };
  }

  /**
   * Appends one request body at `offset`. With `complete`, the body is the end of the upload
   * and it is finished and recorded before this returns. Bytes that reached the disk are kept
   * whatever happens to the request, so the client can resume from the returned offset.
   */
  async append(
    caller: Caller,
    uploadId: string,
    offset: number,
    body: Readable,
    complete: boolean,
  ): Promise<AppendOutcome> {
    await this.takeOver(uploadId);
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.active.set(uploadId, {
      abort: () => body.destroy(new Error('superseded by a newer request')),
      done,
    });
    const received = this.deps.traffic.begin();
    try {
      return await this.appendExclusive(caller, uploadId, offset, body, complete);
    } catch (error) {
      this.recordUnexpectedFailure(uploadId, error);
      throw error;
    } finally {
      this.unrecorded.delete(uploadId);
      received();
      this.active.delete(uploadId);
      release();
    }
  }

  /** Cancels an unfinished upload and deletes its partial bytes. */
  async cancel(caller: Caller, uploadId: string): Promise<void> {
    const upload = this.get(caller, uploadId);
    if (upload.state === 'stored') {
      throw new KeepsakeError('CONFLICT', `Upload ${uploadId} is already stored; delete the asset instead.`);
    }
    await this.takeOver(uploadId);
    this.setState(upload.id, 'cancelled', { code: 'UPLOAD_GONE', message: 'Cancelled by the client.' });
    this.hashes.delete(upload.id);
    await this.deps.staging.remove(upload.id);
  }

  /** Marks unfinished uploads idle for longer than the expiry as expired and frees their space. */
  async expireStale(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.deps.expiryMs);
    const stale = this.deps.db
      .select()
      .from(uploads)
      .where(and(eq(uploads.state, 'receiving'), lt(uploads.updatedAt, cutoff)))
      .all();
    for (const upload of stale) {
      if (this.active.has(upload.id)) continue;
      this.setState(upload.id, 'expired', {
        code: 'UPLOAD_GONE',
        message: 'No bytes arrived for longer than the upload expiry; the client must start again.',
      });
      this.hashes.delete(upload.id);
      await this.deps.staging.remove(upload.id);
    }
    await this.removeUnrecorded();
    return stale.length;
  }

  /** Staged files whose record a power cut took (see `create`) would otherwise stay forever. */
  private async removeUnrecorded(): Promise<void> {
    const staged = await this.deps.staging.list();
    if (staged.length === 0) return;
    const receiving = new Set(
      this.deps.db
        .select({ id: uploads.id })
        .from(uploads)
        .where(and(inArray(uploads.id, staged), eq(uploads.state, 'receiving')))
        .all()
        .map((row) => row.id),
    );
    for (const id of staged) {
      if (!receiving.has(id) && !this.active.has(id)) await this.deps.staging.remove(id);
    }
  }

  private async appendExclusive(
    caller: Caller,
    uploadId: string,
    offset: number,
    body: Readable,
    complete: boolean,
  ): Promise<AppendOutcome> {
    // Created by this request, with neither a row nor a staged file yet.
    const created = this.unrecorded.get(uploadId);
    const fresh = created?.userId === caller.userId ? created : undefined;
    const { upload, offset: onDisk } = fresh
      ? { upload: fresh, offset: 0 }
      : await this.offset(caller, uploadId);
    if (upload.state === 'stored') {
      // A client that lost the final answer sends the last part again: answer it again, once
      // the record it read is on disk (its first request may still be waiting for that).
      body.resume();
      await flushWal(this.deps.db);
      return { complete: true, offset: onDisk, upload, result: storedResult(upload) };
    }
    if (offset !== onDisk) {
      body.resume();
      throw new KeepsakeError(
        'OFFSET_MISMATCH',
        `Upload ${uploadId} is at byte ${onDisk}, not ${offset}; resume from there.`,
        { headers: { 'upload-offset': String(onDisk) } },
      );
    }
    const limit = Math.min(upload.expectedSize ?? this.deps.maxUploadBytes, this.deps.maxUploadBytes);
    const received = await this.deps.staging.receive(upload.id, body, {
      offset,
      creating: fresh !== undefined,
      maxBytes: limit,
      ...(this.hashes.has(upload.id) ? { runningHash: this.hashes.get(upload.id) } : {}),
      onProgress: (bytes) => this.progress(upload.id, bytes),
    });
    if (received.runningHash) this.hashes.set(upload.id, received.runningHash);
    else this.hashes.delete(upload.id);
    // A finished upload's size is written by the transaction that records it: one commit (and
    // fsync) fewer per photo. An unfinished one notes how far it got for the dashboard.
    if (!complete || received.error !== undefined) this.progress(upload.id, received.size, true);
    this.saved.delete(upload.id);

    if (received.error !== undefined) {
      // INTERNAL: the disk failed to write bytes already received, which must not be resumed over.
      if (
        isKeepsakeError(received.error) &&
        ['TOO_LARGE', 'STORAGE_FULL', 'INTERNAL'].includes(received.error.code)
      ) {
        await this.failAndDiscard(upload, received.error.code, received.error.message, received.error.cause);
        throw received.error;
      }
      this.deps.log.info({ event: 'upload.interrupted', uploadId, bytes: received.size });
      throw new KeepsakeError(
        'CONFLICT',
        `Upload ${uploadId} was interrupted at byte ${received.size}; resume from there.`,
        {
          cause: received.error,
          headers: { 'upload-offset': String(received.size) },
        },
      );
    }
    if (!complete) return { complete: false, offset: received.size, upload: this.get(caller, uploadId) };
    const result = await this.finish(caller, upload, received.size);
    return { complete: true, offset: received.size, upload: this.get(caller, uploadId), result };
  }

  private async finish(caller: Caller, upload: Upload, size: number): Promise<UploadResult> {
    const meta = (upload.metadata ?? { filename: upload.filename }) as UploadMetadata;
    if (size === 0) {
      await this.failAndDiscard(
        upload,
        'EMPTY_BODY',
        'The upload has no bytes. Send the file as the request body.',
      );
    }
    if (upload.expectedSize !== null && size !== upload.expectedSize) {
      await this.failAndDiscard(
        upload,
        'BAD_REQUEST',
        `The upload ended at byte ${size} but ${upload.expectedSize} were declared. Send the whole file.`,
      );
    }
    const sha256 = await this.deps.staging.digest(upload.id, this.hashes.get(upload.id), size);
    if (meta.expectedSha256 && meta.expectedSha256 !== sha256) {
      await this.failAndDiscard(
        upload,
        'DIGEST_MISMATCH',
        `The bytes received have SHA-256 ${sha256}, not the ${meta.expectedSha256} the client sent in Repr-Digest. Nothing was stored; upload the file again.`,
      );
    }

    const { db, store, staging, queue } = this.deps;
    const known = uploadStatements(db).fileOf.get({ userId: caller.userId, sha256 });
    let ourKey: string | undefined;
    if (known) {
      await staging.remove(upload.id);
    } else {
      try {
        assertWithinQuota(db, caller.userId, size);
      } catch (error) {
        await this.failAndDiscard(upload, 'QUOTA_EXCEEDED', (error as Error).message);
      }
      ourKey = originalKey(caller.userId, sha256, meta.filename);
      try {
        // `receive` fsynced the staged file after writing the last byte.
        await store.putFile(ourKey, staging.pathFor(upload.id), { synced: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
          await this.failAndDiscard(
            upload,
            'STORAGE_FULL',
            'The disk holding the Keepsake data folder is full. Free space, then upload again.',
          );
        }
        throw error;
      }
    }
    this.hashes.delete(upload.id);

    // Committed without blocking the event loop on an fsync, then made durable by an fsync of
    // the WAL on the thread pool (shared with concurrent uploads), before anyone is answered.
    const recorded = this.record(() =>
      unsynced(db, () =>
        this.withRow(upload.id, () => {
          const result = recordResource(db, queue, caller, meta, {
            sha256,
            size,
            storageKey: known?.storageKey ?? (ourKey as string),
          });
          uploadStatements(db).markStored.run({
            id: upload.id,
            sha256,
            size,
            assetId: result.assetId,
            resourceId: result.resourceId,
            nowMs: Date.now(),
          });
          return result;
        }),
      ),
    );
    await flushWal(db);
    // Lost a race with an identical upload that used another extension: its file is the one kept.
    if (ourKey && recorded.storageKey !== ourKey) await store.delete(ourKey);
    this.deps.log.info({
      event: 'upload.stored',
      uploadId: upload.id,
      assetId: recorded.assetId,
      resourceId: recorded.resourceId,
      status: recorded.status,
      bytes: size,
    });
    const { storageKey: _key, ...result } = recorded;
    return result;
  }

  /**
   * `write` in a transaction that first writes the upload's row if it was created without one
   * (`unrecorded`); the row counts as written only once the transaction commits.
   */
  private withRow<T>(uploadId: string, write: () => T): T {
    const { db } = this.deps;
    const row = this.unrecorded.get(uploadId);
    const result = db.transaction(() => {
      if (row) uploadStatements(db).insertUpload.run({ ...row, now: row.startedAt });
      return write();
    });
    this.unrecorded.delete(uploadId);
    return result;
  }

  private usable(upload: Upload): Upload {
    if (upload.state === 'receiving' || upload.state === 'stored') return upload;
    throw new KeepsakeError(
      'UPLOAD_GONE',
      `Upload ${upload.id} is ${upload.state}${upload.failureMessage ? `: ${upload.failureMessage}` : ''}. Start a new upload.`,
    );
  }

  private async takeOver(uploadId: string): Promise<void> {
    const current = this.active.get(uploadId);
    if (!current) return;
    current.abort();
    await current.done;
  }

  /**
   * Progress is for the dashboard only. It is written to the database a second after the first
   * chunk, then every few seconds, and at the end of each request, without an fsync of its own (`unsynced`): a
   * fsynced commit on ext4 flushes the upload's own pages too, so writing it four times a second
   * per upload cost a third of the throughput. The note at the end of an unfinished request is
   * fsynced: the client may be given the upload's address now (to resume), so its record must
   * outlive a power cut. The resume offset is the staged file's size, never this figure. Failing
   * to note it (a full disk) must not fail the upload.
   */
  private progress(uploadId: string, bytes: number, final = false): void {
    const now = Date.now();
    const lastSaved = this.saved.get(uploadId);
    if (!final && lastSaved === undefined) {
      this.saved.set(uploadId, now - progressSaveMs + firstProgressMs);
      return;
    }
    if (!final && lastSaved !== undefined && now - lastSaved < progressSaveMs) return;
    this.saved.set(uploadId, now);
    try {
      const { db } = this.deps;
      const note = () =>
        this.withRow(uploadId, () =>
          uploadStatements(db).noteProgress.run({ id: uploadId, bytes, nowMs: Date.now() }),
        );
      if (final) note();
      else unsynced(db, note);
    } catch (error) {
      this.deps.log.warn({ event: 'upload.progress_not_saved', uploadId, err: error });
    }
  }

  /** SQLite's "database or disk is full" is the same full disk a person must free space on. */
  private record<T>(write: () => T): T {
    try {
      return write();
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_FULL') {
        throw new KeepsakeError(
          'STORAGE_FULL',
          'The disk holding the Keepsake data folder is full, so the upload could not be recorded. Free space, then upload again.',
          { cause: error },
        );
      }
      throw error;
    }
  }

  private markGone(upload: Upload, why: string): KeepsakeError {
    const message = `Upload ${upload.id} cannot continue: ${why}. Start a new upload.`;
    this.setState(upload.id, 'failed', { code: 'UPLOAD_GONE', message });
    return new KeepsakeError('UPLOAD_GONE', message);
  }

  /** Records the failure for the dashboard, deletes the partial bytes and throws. */
  private async failAndDiscard(
    upload: Upload,
    code: ErrorCode,
    message: string,
    cause?: unknown,
  ): Promise<never> {
    // Bytes first: on a full disk, removing them is what makes room to record the failure.
    this.hashes.delete(upload.id);
    await this.deps.staging.remove(upload.id);
    this.setState(upload.id, 'failed', { code, message });
    this.deps.log.warn({ event: 'upload.failed', uploadId: upload.id, code, err: cause });
    throw new KeepsakeError(code, message, cause === undefined ? {} : { cause });
  }

  /**
   * A one-request upload that ended in an error before anything recorded it (a full disk while
   * recording, a fault in Keepsake) is recorded as failed with that error, so it is seen. Its
   * client is answered with the error; the upload is not in the library.
   */
  private recordUnexpectedFailure(uploadId: string, error: unknown): void {
    if (!this.unrecorded.has(uploadId)) return;
    const failure = isKeepsakeError(error)
      ? { code: error.code, message: error.message }
      : {
          code: 'INTERNAL' as const,
          message: `Keepsake failed while storing this upload (${error instanceof Error ? error.message : String(error)}); it is not in the library. Upload it again; the server log has the details.`,
        };
    try {
      this.setState(uploadId, 'failed', failure);
    } catch (recordError) {
      this.deps.log.warn({ event: 'upload.failure_not_recorded', uploadId, err: recordError });
    }
  }

  private setState(
    uploadId: string,
    state: Upload['state'],
    failure?: { code: ErrorCode; message: string },
  ): void {
    this.withRow(uploadId, () =>
      this.deps.db
        .update(uploads)
        .set({
          state,
          updatedAt: new Date(),
          finishedAt: new Date(),
          ...(failure ? { failureCode: failure.code, failureMessage: failure.message } : {}),
        })
        .where(eq(uploads.id, uploadId))
        .run(),
    );
  }
}

/** What `insertUpload` is given: a new upload's own values; the rest are the columns' defaults. */
type UploadRowValues = ReturnType<typeof newRow> &
  Pick<
    Upload,
    | 'userId'
    | 'deviceId'
    | 'deviceAssetId'
    | 'resourceType'
    | 'filename'
    | 'contentType'
    | 'expectedSize'
    | 'metadata'
  >;

/** The row `insertUpload` writes for these values, before it is written (`unrecorded`). */
function receivingRow(values: UploadRowValues): Upload {
  const { now, ...own } = values;
  return {
    ...own,
    state: 'receiving',
    receivedBytes: 0,
    sha256: null,
    assetId: null,
    resourceId: null,
    startedAt: now,
    updatedAt: now,
    finishedAt: null,
    failureCode: null,
    failureMessage: null,
    dismissedAt: null,
    resolvedAt: null,
  };
}

/** The answer for an upload that finished earlier: the same ids, marked as a duplicate. */
export function storedResult(upload: Upload): UploadResult {
  if (!upload.assetId || !upload.resourceId || !upload.sha256) {
    throw new KeepsakeError(
      'UPLOAD_GONE',
      `Upload ${upload.id} was stored but its asset was deleted since. Upload the file again.`,
    );
  }
  return {
    assetId: upload.assetId,
    resourceId: upload.resourceId,
    status: 'duplicate',
    sha256: upload.sha256,
    size: upload.receivedBytes,
  };
}

function tooLarge(size: number, limit: number): KeepsakeError {
  return new KeepsakeError(
    'TOO_LARGE',
    `This upload is ${size} bytes; the server accepts at most ${limit}. Raise KEEPSAKE_MAX_UPLOAD_BYTES to accept it.`,
  );
}
