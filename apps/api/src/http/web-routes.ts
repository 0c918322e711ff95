import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

/**
 * Serves the dashboard's static export from the same port as the API, so a browser, a phone
 * and a container need a single origin. Unknown API paths answer JSON; other unknown paths
 * get the dashboard's 404 page.
 */
export function webRoutes(webDir: string): FastifyPluginAsync {
  return async (app) => {
    const built = fs.existsSync(path.join(webDir, 'index.html'));
    if (built) {
      await app.register(fastifyStatic, {
        root: webDir,
        redirect: true,
        wildcard: true,
        cacheControl: false,
      });
      app.addHook('onSend', async (request, reply) => {
        // Hashed build assets never change; pages must be revalidated after an upgrade.
        if (request.url.startsWith('/_next/static/'))
          reply.header('cache-control', 'public, max-age=31536000, immutable');
        else if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');
      });
    } else {
      app.get('/', async (_request, reply) =>
        reply
          .type('text/plain; charset=utf-8')
          .send(
            `Keepsake's API is running, but the dashboard is not built (looked in ${webDir}). Run "npm start".`,
          ),
      );
    }
    app.setNotFoundHandler((request, reply) => {
      const url = request.url;
      if (url.startsWith('/api/') || url.startsWith('/trpc/') || !built) {
        return reply.status(404).send({
          error: { code: 'NOT_FOUND', message: `There is no ${request.method} ${url.split('?')[0]}.` },
        });
      }
      return reply.status(404).type('text/html').sendFile('404.html');
    });
  };
}
