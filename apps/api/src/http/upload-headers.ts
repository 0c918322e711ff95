import type { IncomingHttpHeaders } from 'node:http';
import { resourceTypes, type UploadMetadata, uploadMetadataSchema } from '@keepsake/shared';
import { KeepsakeError } from '../errors.js';
import { parseUploadMetadata } from './resumable-headers.js';

/**
 * Reads the `Keepsake-*` headers an uploader sends with a raw body (the iPhone's background
 * uploader cannot send a form: docs/ios-upload-contract.md). Each bad value is refused with
 * the header's name and the form it should take.
 */
export function parseUploadHeaders(headers: IncomingHttpHeaders): UploadMetadata {
  const one = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const bad = (name: string, expected: string): never => {
    throw new KeepsakeError('BAD_HEADER', `The ${name} header ${expected}.`);
  };

  // tus clients (tus-js-client in the browser) name the file in Upload-Metadata instead.
  const tus = parseUploadMetadata(headers);
  const filename =
    decodeName(one('keepsake-filename') ?? encodeTusName(tus.filename ?? tus.name)) ?? 'unnamed';
  const requestType = one('content-type');
  const mediaType = requestType && /^(image|video|audio)\//i.test(requestType) ? requestType : undefined;
  const resourceType = one('keepsake-resource-type');
  if (resourceType !== undefined && !(resourceTypes as readonly string[]).includes(resourceType)) {
    bad(
      'Keepsake-Resource-Type',
      `must be one of ${resourceTypes.join(', ')} (as PhotoKit names them), not "${resourceType}"`,
    );
  }
  const date = (name: string) => {
    const value = one(name.toLowerCase());
    if (value === undefined) return undefined;
    const parsed = uploadMetadataSchema.shape.createdAt.safeParse(value);
    if (!parsed.success || Number.isNaN(Date.parse(value))) {
      bad(name, `must be an ISO 8601 date such as 2026-11-25T12:00:00Z, not "${value}"`);
    }
    return value;
  };
  const favoriteText = one('keepsake-favorite');
  let favorite: boolean | undefined;
  if (favoriteText !== undefined) {
    if (!/^(true|false|1|0|\?1|\?0)$/i.test(favoriteText)) bad('Keepsake-Favorite', 'must be true or false');
    favorite = /^(true|1|\?1)$/i.test(favoriteText);
  }
  const locationText = one('keepsake-location');
  let location: UploadMetadata['location'];
  if (locationText !== undefined) {
    const [lat, lon] = locationText.split(',').map((part) => Number(part.trim()));
    if (
      lat === undefined ||
      lon === undefined ||
      !Number.isFinite(lat) ||
      !Number.isFinite(lon) ||
      Math.abs(lat) > 90 ||
      Math.abs(lon) > 180
    ) {
      bad(
        'Keepsake-Location',
        `must be "latitude,longitude" in degrees, such as 48.8584,2.2945, not "${locationText}"`,
      );
    }
    location = { lat: lat as number, lon: lon as number };
  }

  const candidate = {
    deviceAssetId: one('keepsake-asset-id'),
    resourceType,
    filename,
    contentType: one('keepsake-content-type') ?? tus.filetype ?? tus.type ?? mediaType,
    createdAt: date('Keepsake-Created-At'),
    modifiedAt: date('Keepsake-Modified-At'),
    favorite,
    location,
    expectedSha256: parseReprDigest(one('repr-digest')),
  };
  const parsed = uploadMetadataSchema.safeParse(
    Object.fromEntries(Object.entries(candidate).filter(([, value]) => value !== undefined)),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KeepsakeError(
      'BAD_HEADER',
      `The upload headers are invalid: ${issue?.path.join('.')}: ${issue?.message}.`,
    );
  }
  return parsed.data;
}

const encodeTusName = (name: string | undefined) =>
  name === undefined ? undefined : encodeURIComponent(name);

/** File names travel percent-encoded, because header values must be ASCII. */
function decodeName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(value);
  } catch {
    throw new KeepsakeError('BAD_HEADER', 'The Keepsake-Filename header must be percent-encoded UTF-8.');
  }
  // Only the last path segment is a file name; control characters are never kept.
  name = name.split(/[/\\]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  name = name.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (name === '' || name === '.' || name === '..') {
    throw new KeepsakeError(
      'BAD_HEADER',
      'The Keepsake-Filename header must name a file, such as IMG_0001.HEIC.',
    );
  }
  if (name.length > 1024)
    throw new KeepsakeError('BAD_HEADER', 'The Keepsake-Filename header is longer than 1024 characters.');
  return name;
}

/** RFC 9530 `Repr-Digest: sha-256=:<base64>:`; other algorithms are ignored, as the RFC allows. */
export function parseReprDigest(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /(?:^|,)\s*sha-256=:([A-Za-z0-9+/=]+):/.exec(value);
  if (!match) {
    if (/sha-256/i.test(value)) {
      throw new KeepsakeError(
        'BAD_HEADER',
        'The Repr-Digest header must look like sha-256=:<base64 of the 32-byte digest>:.',
      );
    }
    return undefined;
  }
  const digest = Buffer.from(match[1]!, 'base64');
  if (digest.length !== 32) {
    throw new KeepsakeError('BAD_HEADER', 'The Repr-Digest sha-256 value must be the base64 of 32 bytes.');
  }
  return digest.toString('hex');
}
