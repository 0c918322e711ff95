import { clientHeader } from '@keepsake/shared/client-header';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KeepsakeError } from '../errors.js';

/**
 * Cross-site request forgery: a state-changing call that rides on the session cookie must
 * carry the dashboard's custom header, and, when the browser names an Origin, come from
 * this host.
 */
export async function requireSameSiteClient(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
  assertSameSiteClient(request);
}

/** The check itself, for routes that take a cookie only on some requests (uploads). */
export function assertSameSiteClient(request: FastifyRequest): void {
  if (!request.headers[clientHeader]) {
    throw new KeepsakeError(
      'FORBIDDEN',
      `This call needs the ${clientHeader} header; use the Keepsake dashboard or API client.`,
    );
  }
  const origin = request.headers.origin;
  if (origin && origin !== 'null') {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      host = '';
    }
    if (host !== request.host) {
      throw new KeepsakeError('FORBIDDEN', `Requests from ${origin} may not change anything here.`);
    }
  }
}
