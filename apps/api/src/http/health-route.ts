import fs from 'node:fs/promises';
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
      let writable = false;
      try {
        await fs.access(deps.dataDir, fs.constants.W_OK);
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
