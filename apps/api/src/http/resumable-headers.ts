import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { KeepsakeError } from '../errors.js';

/**
 * "Resumable Uploads for HTTP" (draft-ietf-httpbis-resumable-upload) as URLSession speaks it.
 * Interop versions seen from Apple: 3 (iOS 17), 5 (iOS 18), 6 (iOS 18.1), 8 (iOS 26.2); see
 * docs/ios-upload-contract.md. Up to version 4 completeness is `Upload-Incomplete`; from 5 it
 * is `Upload-Complete`. From 6 appends carry `Content-Type: application/partial-upload`.
 */
export const interopVersions = { min: 3, max: 8 } as const;

function one(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The client's interop version, or undefined for a plain (non-resumable) upload. */
export function interopVersionOf(headers: IncomingHttpHeaders): number | undefined {
  const value = one(headers, 'upload-draft-interop-version');
  if (value === undefined) return undefined;
  const version = Number(value.trim());
  if (!Number.isInteger(version) || version < interopVersions.min || version > interopVersions.max) {
    throw new KeepsakeError(
      'BAD_HEADER',
      `Upload-Draft-Interop-Version ${value} is not supported; Keepsake speaks versions ${interopVersions.min} to ${interopVersions.max}.`,
    );
  }
  return version;
}

/** Structured-field boolean (`?1` / `?0`). */
function sfBoolean(headers: IncomingHttpHeaders, name: string): boolean | undefined {
  const value = one(headers, name)?.trim();
  if (value === undefined) return undefined;
  if (value === '?1') return true;
  if (value === '?0') return false;
  throw new KeepsakeError('BAD_HEADER', `The ${name} header must be ?1 or ?0, not "${value}".`);
}

/** Whether this request's body ends the upload. A plain upload is always complete. */
export function isCompleteRequest(headers: IncomingHttpHeaders, version: number | undefined): boolean {
  if (version === undefined) return true;
  if (version <= 4) return !(sfBoolean(headers, 'upload-incomplete') ?? false);
  return sfBoolean(headers, 'upload-complete') ?? true;
}

/** Structured-field non-negative integer header (`Upload-Offset`, `Upload-Length`). */
export function sfInteger(headers: IncomingHttpHeaders, name: string): number | undefined {
  const value = one(headers, name)?.trim();
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) {
    throw new KeepsakeError(
      'BAD_HEADER',
      `The ${name} header must be a whole number of bytes, not "${value}".`,
    );
  }
  return Number(value);
}

/** `Upload-Complete` for version 5 and later, `Upload-Incomplete` (inverted) before. */
export function completenessHeaders(version: number | undefined, complete: boolean): Record<string, string> {
  if (version === undefined) return {};
  const headers: Record<string, string> = { 'upload-draft-interop-version': String(version) };
  if (version <= 4) headers['upload-incomplete'] = complete ? '?0' : '?1';
  else headers['upload-complete'] = complete ? '?1' : '?0';
  return headers;
}

/**
 * Sends `104 Upload Resumption Supported` with the upload's URL before the body is read, so a
 * client whose connection drops knows where to resume. Node 20 has no API for an arbitrary
 * 1xx response, so it is written to the socket before the final response starts.
 */
export function sendUploadResumptionSupported(res: ServerResponse, location: string, version: number): void {
  if (res.headersSent || !res.socket || res.socket.destroyed) return;
  res.socket.write(
    `HTTP/1.1 104 Upload Resumption Supported\r\nUpload-Draft-Interop-Version: ${version}\r\nLocation: ${location}\r\n\r\n`,
  );
}

/** tus `Upload-Metadata`: `key base64value,key2 base64value2` (what tus-js-client sends). */
export function parseUploadMetadata(headers: IncomingHttpHeaders): Record<string, string> {
  const value = one(headers, 'upload-metadata');
  if (!value) return {};
  const entries: Record<string, string> = {};
  for (const pair of value.split(',')) {
    const [key, encoded] = pair.trim().split(' ');
    if (key) entries[key] = encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
  }
  return entries;
}
