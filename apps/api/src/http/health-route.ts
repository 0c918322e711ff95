import fs from 'node:fs';
import type { Sqlite } from '@keepsake/db';
import type { Health } from '@keepsake/shared';
import type { FastifyPluginAsync } from 'fastify';

export function healthRoute(deps: { sqlite: Sqlite; dataDir: string; version: string }): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/health', async (_request, reply) => {
      let databaseOk = false;
      try {
        databaseOk = deps.sqlite.prepare('select 1 as ok').get() !== undefined;
      } catch {
        databaseOk = false;
      }
      // Synchronous on purpose: access() is a lookup of a few microseconds, while the async call
      // waits in libuv's thread pool behind the fsyncs of large uploads (a health check took up
      // to a second while 8 phones sent 200 MiB videos).
      let writable = false;
      try {
        fs.accessSync(deps.dataDir, fs.constants.W_OK);
        writable = true;
      } catch {
        writable = false;
      }
      const body: Health = {
        status: databaseOk && writable ? 'ok' : 'degraded',
        version: deps.version,
        database: { ok: databaseOk },
        dataDir: { ok: writable, writable },
      };
      reply.header('cache-control', 'no-store').status(body.status === 'ok' ? 200 : 503);
      return body;
    });
  };
}
