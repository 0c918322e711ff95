import type { NextConfig } from 'next';

const apiOrigin = process.env.KEEPSAKE_API_ORIGIN ?? 'http://localhost:8266';
const isDev = process.env.NODE_ENV === 'development';

/**
 * Production is a static export served by the API on its own port (one origin). In `pnpm dev`
 * the Next dev server proxies the API instead, for hot reload.
 */
const config: NextConfig = {
  output: isDev ? undefined : 'export',
  trailingSlash: true,
  images: { unoptimized: true },
  poweredByHeader: false,
  typedRoutes: false,
  // `pnpm typecheck` runs tsc over the whole workspace; checking again here only slows the build.
  typescript: { ignoreBuildErrors: true },
  ...(isDev
    ? {
        rewrites: async () => [
          { source: '/trpc/:path*', destination: `${apiOrigin}/trpc/:path*` },
          { source: '/api/:path*', destination: `${apiOrigin}/api/:path*` },
        ],
      }
    : {}),
};

export default config;
