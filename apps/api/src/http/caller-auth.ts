import type { Db } from '@keepsake/db';
import { clientHeader } from '@keepsake/shared/client-header';
import type { FastifyRequest } from 'fastify';
import { sessionCookieName, userForSession } from '../auth/sessions.js';
import { authenticateDeviceKey } from '../devices/devices.js';
import { KeepsakeError } from '../errors.js';
import type { Caller } from '../uploads/caller.js';
import { assertSameSiteClient } from './csrf-guard.js';

/**
 * A device key, only ever accepted in the Authorization header (never in a URL, where it
 * would end up in logs).
 */
export function deviceCaller(db: Db, request: FastifyRequest): Caller {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    throw new KeepsakeError(
      'UNAUTHENTICATED',
      'Send the device key as "Authorization: Bearer <key>". Add a device in the dashboard to get one.',
    );
  }
  const caller = authenticateDeviceKey(db, match[1]!, request.ip);
  if (!caller) {
    throw new KeepsakeError(
      'UNAUTHENTICATED',
      'This device key is unknown or was revoked. Pair the device again.',
    );
  }
  return caller;
}

/**
 * Uploads from a phone (device key) or from the dashboard (session cookie). A cookie alone is not
 * enough to write: the dashboard's custom header must come with it, which another site's page
 * cannot add, and an Origin naming this host when the browser sends one: the same guard as
 * tRPC's (csrf-guard.ts).
 */
export function uploaderCaller(db: Db, request: FastifyRequest): Caller {
  if (request.headers.authorization || !request.headers[clientHeader]) return deviceCaller(db, request);
  assertSameSiteClient(request);
  return deviceOrSessionCaller(db, request);
}

/** A device key or the dashboard's session cookie: for reads such as thumbnails in `<img>`. */
export function deviceOrSessionCaller(db: Db, request: FastifyRequest): Caller {
  if (request.headers.authorization) return deviceCaller(db, request);
  const session = userForSession(db, request.cookies[sessionCookieName]);
  if (!session) throw new KeepsakeError('UNAUTHENTICATED', 'Sign in to the dashboard, or send a device key.');
  return { userId: session.user.id, deviceId: null };
}
