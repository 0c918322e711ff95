import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * Headers on every response. The dashboard is a Next.js static export whose pages carry small
 * inline scripts (the framework's hydration data), so scripts and styles allow 'unsafe-inline'
 * but only from this origin; nothing may frame the dashboard, and no page may load from
 * elsewhere. docs/security.md explains the trade-off.
 */
export const securityHeaders: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      mediaSrc: ["'self'", 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      upgradeInsecureRequests: null,
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'same-origin' },
  // Phones and the CLI talk plain HTTP on a home network too; HSTS is the reverse proxy's call.
  strictTransportSecurity: false,
  crossOriginEmbedderPolicy: false,
};
