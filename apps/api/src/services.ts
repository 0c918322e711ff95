import type { Db } from '@keepsake/db';
import { AssetService } from './assets/asset-service.js';
import { LoginLimiter } from './auth/login-limiter.js';
import type { Config } from './config.js';
import { JobReports } from './jobs/job-reports.js';
import { JobQueue } from './jobs/queue.js';
import type { Services } from './trpc/context.js';

/** The services every transport shares, built once per database (the server, and router tests). */
export function createServices(db: Db, config: Pick<Config, 'sessionMs'>): Services {
  const queue = new JobQueue(db);
  return {
    db,
    assets: new AssetService(db),
    queue,
    jobs: new JobReports(db, queue),
    loginLimiter: new LoginLimiter(),
    config,
  };
}
