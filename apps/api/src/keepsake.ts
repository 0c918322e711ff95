import fs from 'node:fs/promises';
import path from 'node:path';
import { type BackgroundCheckpoints, checkpointInBackground, openDatabase } from '@keepsake/db';
import type { Config } from './config.js';
import { createHttpServer } from './http/server.js';
import type { Job, JobQueue } from './jobs/queue.js';
import { type JobHandler, JobRunner } from './jobs/runner.js';
import type { Logger } from './log.js';
import { createServices } from './services.js';
import { LocalDiskStore } from './storage/local-disk-store.js';
import { StagingArea } from './storage/staging.js';
import { CheckThreads } from './uploads/check-threads.js';
import { UploadService } from './uploads/upload-service.js';
import { UploadTraffic } from './uploads/upload-traffic.js';

let media: Promise<typeof import('./jobs/handlers/media.js')> | undefined;

/**
 * sharp and exifr take about half a second to load on a small machine: they are
 * imported by the first job rather than at start, so a restarted server answers sooner.
 */
function loadMedia() {
  media ??= import('./jobs/handlers/media.js');
  return media;
}

/** A handler built on its first job (and only then loading what it needs). */
function onFirstJob(build: () => Promise<JobHandler>): JobHandler {
  let handler: Promise<JobHandler> | undefined;
  return async (job: Job) => {
    handler ??= build();
    return (await handler)(job);
  };
}

export interface Keepsake {
  http: Awaited<ReturnType<typeof createHttpServer>>;
  uploads: UploadService;
  queue: JobQueue;
  checkThreads: CheckThreads;
  close(): Promise<void>;
}

/** How long after start the WAL checkpoints move to their own thread. */
const checkpointThreadAfterMs = 5000;

/**
 * Builds the whole server from its configuration: database, storage, services, job runners
 * and the HTTP front door. main.ts listens; tests call this with a temporary data folder.
 */
export async function createKeepsake(config: Config, log: Logger): Promise<Keepsake> {
  await fs.mkdir(config.dataDir, { recursive: true });
  const {
    db,
    sqlite,
    close: closeDb,
  } = openDatabase(path.join(config.dataDir, 'keepsake.sqlite'), {
    onUpgrade: (migrations) => {
      log.info({ event: 'database.upgrading', migrations });
      // Printed plainly as well: on a large library the server may not answer for minutes.
      console.log(
        `Upgrading the database for this version of Keepsake (${migrations.join(', ')}). On a large library this can take a few minutes; Keepsake answers as soon as it is done.`,
      );
    },
  });
  // The checkpoint thread starts once the server is up: loading the driver and opening the
  // database again on a second thread delayed the first health check by ~0.1 s. Until then the
  // connection checkpoints on its own, as SQLite does by default.
  let checkpoints: BackgroundCheckpoints | undefined;
  const startCheckpoints = setTimeout(() => {
    checkpoints = checkpointInBackground(sqlite, {
      onProblem: (problem) => log.warn({ event: 'database.checkpoints', problem }),
    });
  }, checkpointThreadAfterMs);
  startCheckpoints.unref();
  const store = new LocalDiskStore(config.dataDir, path.join(config.dataDir, 'tmp'));
  const staging = new StagingArea(path.join(config.dataDir, 'uploads'));
  const services = createServices(db, config);
  const { queue } = services;
  const traffic = new UploadTraffic();
  const uploads = new UploadService({
    db,
    traffic,
    staging,
    store,
    queue,
    log,
    maxUploadBytes: config.maxUploadBytes,
    expiryMs: config.uploadExpiryMs,
  });
  const runners = [
    new JobRunner(queue, log, {
      kind: 'thumbnail',
      handler: onFirstJob(async () =>
        (await loadMedia()).thumbnailHandler({
          db,
          store,
          ffmpeg: config.ffmpeg,
          decodeThreads: config.thumbnailConcurrency,
        }),
      ),
      concurrency: config.thumbnailConcurrency,
      uploads: traffic,
    }),
    new JobRunner(queue, log, {
      kind: 'metadata',
      handler: onFirstJob(async () =>
        (await loadMedia()).metadataHandler({ db, store, ffprobe: config.ffprobe }),
      ),
      concurrency: config.metadataConcurrency,
      uploads: traffic,
    }),
  ];
  const checkThreads = new CheckThreads(sqlite.name);
  const http = await createHttpServer({
    ...services,
    sqlite,
    store,
    uploads,
    checkThreads,
    log,
    config,
    dataDir: config.dataDir,
    webDir: config.webDir,
    version: config.version,
    maxUploadBytes: config.maxUploadBytes,
  });
  for (const runner of runners) runner.start();
  const expiry = setInterval(() => {
    uploads.expireStale().catch((error) => log.error({ event: 'upload.expiry_failed', err: error }));
  }, 60 * 60_000);
  expiry.unref();
  await uploads.expireStale();

  return {
    http,
    uploads,
    queue,
    checkThreads,
    async close() {
      clearInterval(expiry);
      await http.close();
      await checkThreads.close();
      await Promise.all(runners.map((runner) => runner.stop()));
      if (media) await (await media).closeHeicDecoder();
      clearTimeout(startCheckpoints);
      await checkpoints?.stop();
      closeDb();
    },
  };
}
