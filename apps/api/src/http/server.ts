import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import type { Sqlite } from '@keepsake/db';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { LogController } from 'fastify';
import type { Logger } from '../log.js';
import type { BlobStore } from '../storage/blob-store.js';
import { createFastifyContext, type Services } from '../trpc/context.js';
import { type AppRouter, appRouter } from '../trpc/router.js';
import type { CheckThreads } from '../uploads/check-threads.js';
import type { UploadService } from '../uploads/upload-service.js';
import { assetRoutes } from './asset-routes.js';
import { requireSameSiteClient } from './csrf-guard.js';
import { handleHttpError } from './error-handler.js';
import { healthRoute } from './health-route.js';
import { openApiRoute } from './openapi.js';
import { securityHeaders } from './security-headers.js';
import { uploadCheckRoute } from './upload-check-route.js';
import { uploadRoutes } from './upload-routes.js';
import { webRoutes } from './web-routes.js';

export interface HttpDeps extends Services {
  sqlite: Sqlite;
  store: BlobStore;
  uploads: UploadService;
  checkThreads: CheckThreads;
  log: Logger;
  dataDir: string;
  webDir: string;
  version: string;
  maxUploadBytes: number;
}

export async function createHttpServer(deps: HttpDeps) {
  const app = Fastify({
    loggerInstance: deps.log,
    // One line per request, written by our onResponse hook in the project's event format.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => crypto.randomUUID(),
    // Uploads can take hours on a slow uplink; the socket's own idle timeout still applies.
    requestTimeout: 0,
    trustProxy: true,
    // On shutdown, drop connections still sending: a resumable client picks up where it was.
    forceCloseConnections: true,
    routerOptions: { maxParamLength: 200 },
  });
  app.setErrorHandler(handleHttpError);
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({
      event: 'http.request',
      method: request.method,
      url: request.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
  });
  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, securityHeaders);
  await app.register(healthRoute({ sqlite: deps.sqlite, dataDir: deps.dataDir, version: deps.version }));
  await app.register(
    uploadRoutes({ db: deps.db, uploads: deps.uploads, maxUploadBytes: deps.maxUploadBytes }),
  );
  await app.register(uploadCheckRoute({ db: deps.db, checkThreads: deps.checkThreads }));
  await app.register(openApiRoute(deps.version));
  await app.register(assetRoutes({ db: deps.db, assets: deps.assets, store: deps.store }));
  await app.register(async (trpc) => {
    trpc.addHook('onRequest', requireSameSiteClient);
    await trpc.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: {
        router: appRouter,
        createContext: createFastifyContext({
          db: deps.db,
          assets: deps.assets,
          queue: deps.queue,
          jobs: deps.jobs,
          loginLimiter: deps.loginLimiter,
          config: deps.config,
        }),
        onError({ error, path }) {
          if (error.code === 'INTERNAL_SERVER_ERROR')
            deps.log.error({ event: 'trpc.failed', path, err: error });
        },
      } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
    });
  });
  await app.register(webRoutes(deps.webDir));
  return app;
}
