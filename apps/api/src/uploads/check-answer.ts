import { fixedSizeLists } from '@keepsake/db';
import {
  type UploadCheckEntry,
  type UploadCheckResult,
  uploadCheckEntrySchema,
  uploadCheckEnvelopeSchema,
} from '@keepsake/shared';
import type Database from 'better-sqlite3';
import type { Caller } from './caller.js';
import { entrySpans } from './check-body.js';

/** SQLite allows 32,766 bound parameters; 500 per IN list keeps each statement small and fast. */
const listSize = 500;

const placeholders = Array(listSize).fill('?').join(',');
// Plain SQL rather than the query builder: building and preparing a 500-value query per list
// and mapping every row took about half of a 5,000-entry check.
// Each is one search of a covering index per value, reading no rows (~25% less time) and no
// other table: a file names its first holder, and an asset lists its resources (copies kept by
// triggers, migration 0015; half the time at a million assets). `indexed by` pins the indexes:
// without statistics the planner prefers (user, device) for assets and reads every asset of the
// phone, about 13x slower at 100k assets.
const byContentSql = `select sha256, size, first_asset_id, first_resource_id
  from files indexed by files_user_sha256_holder_idx
  where user_id = ? and sha256 in (${placeholders})`;
const byAssetSql = (deviceClause: string) => `select device_asset_id, id, modified_at, resource_list
  from assets indexed by assets_device_asset_check_idx
  where user_id = ? and ${deviceClause} and device_asset_id in (${placeholders})`;

type ContentRow = [sha256: string, size: number, assetId: string | null, resourceId: string | null];
type AssetRow = [
  deviceAssetId: string,
  assetId: string,
  modifiedAt: number | null,
  resourceList: string | null,
];

/** The lookups' SQL, for one list of `listSize` values each. */
export const lookupSql = {
  byContent: byContentSql,
  byAssetOfDevice: byAssetSql('device_id = ?'),
  byAssetWithoutDevice: byAssetSql('device_id is null'),
};

const prepared = new WeakMap<Database.Database, ReturnType<typeof prepare>>();
const prepare = (sqlite: Database.Database) => ({
  byContent: sqlite.prepare<unknown[], ContentRow>(lookupSql.byContent).raw(),
  byAssetOfDevice: sqlite.prepare<unknown[], AssetRow>(lookupSql.byAssetOfDevice).raw(),
  byAssetWithoutDevice: sqlite.prepare<unknown[], AssetRow>(lookupSql.byAssetWithoutDevice).raw(),
});

/** Which part of a check's entries to answer: part `part` of `parts` equal shares. */
export interface CheckShare {
  part: number;
  parts: number;
}

/**
 * One share of the answer: its results as JSON array items, ready to join with the other
 * shares' into `{"results":[…]}`, or what is wrong with the request.
 */
export type CheckShareAnswer = { results: string; problem?: never } | { problem: string; results?: never };

const entryList = uploadCheckEntrySchema.array();

const invalid = (issue: { path: PropertyKey[]; message: string } | undefined) =>
  `The check request is invalid at ${issue?.path.join('.') || 'the top level'}: ${issue?.message}. Send { "entries": [ { "id", "sha256" } ] }.`;

/**
 * Answers one share of an upload check from the raw request body, on this connection. Parsing,
 * validating, looking up and serialising all happen here, so a large check runs wholly on worker
 * threads (check-threads.ts) and the event loop only passes bytes along. Each share parses and
 * validates only its own entries: the first share with a problem holds the request's first
 * problem. A 5,000-entry check is a handful of indexed queries, not 5,000.
 */
export function answerCheckShare(
  sqlite: Database.Database,
  caller: Caller,
  body: Uint8Array,
  share: CheckShare,
): CheckShareAnswer {
  const read = readShare(body, share) ?? readShareOfWhole(body, share);
  if ('problem' in read) return read;
  const checked = entryList.safeParse(read.entries);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return {
      problem: invalid(
        issue && { ...issue, path: ['entries', read.from + Number(issue.path[0]), ...issue.path.slice(1)] },
      ),
    };
  }
  const entries = checked.data;
  const results = matchEntries(entries, lookUp(sqlite, caller, entries));
  return { results: JSON.stringify(results).slice(1, -1) };
}

/** A share's entries, not yet validated, and the index of its first in the whole request. */
type ShareRead = { entries: unknown[]; from: number } | { problem: string };

/** Which entries are part `part` of `parts` equal shares of `count`. */
const shareBounds = (count: number, { part, parts }: CheckShare) => ({
  from: Math.floor((count * part) / parts),
  to: Math.floor((count * (part + 1)) / parts),
});

const text = (body: Uint8Array, from = 0, to = body.byteLength) =>
  Buffer.from(body.buffer, body.byteOffset + from, to - from).toString('utf8');

/**
 * The share read from its own bytes alone, when the body has the plain shape (check-body.ts).
 * `undefined` sends the body to `readShareOfWhole` instead: another shape, an entry count out of
 * bounds, or bytes that are not JSON, whose error is then reported for the whole body.
 */
function readShare(body: Uint8Array, share: CheckShare): ShareRead | undefined {
  const spans = entrySpans(body);
  if (!spans) return undefined;
  const count = spans.starts.length;
  // The envelope's own rules on the number of entries, without their contents.
  if (!uploadCheckEnvelopeSchema.safeParse({ entries: new Array(count) }).success) return undefined;
  const { from, to } = shareBounds(count, share);
  if (from === to) return { entries: [], from };
  try {
    const entries = JSON.parse(`[${text(body, spans.starts[from], spans.ends[to - 1])}]`);
    return { entries, from };
  } catch {
    return undefined;
  }
}

/** The share, after parsing and checking the whole body: the way for any body of another shape. */
function readShareOfWhole(body: Uint8Array, share: CheckShare): ShareRead {
  let json: unknown;
  try {
    json = JSON.parse(text(body));
  } catch (error) {
    return {
      problem: `The check request is not JSON (${(error as Error).message}). Send { "entries": [ { "id", "sha256" } ] } as application/json.`,
    };
  }
  const envelope = uploadCheckEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { problem: invalid(envelope.error.issues[0]) };
  const all = envelope.data.entries;
  const { from, to } = shareBounds(all.length, share);
  return { entries: all.slice(from, to), from };
}

interface Stored {
  /** By sha256: the file's size and, when it belongs to an asset, the first asset and resource. */
  content: Map<string, { size: number; assetId: string | null; resourceId: string | null }>;
  /** By the phone's asset id: the asset, its modification date and its resources by type. */
  assets: Map<string, { assetId: string; modifiedAt: number | null; types: Map<string, string> }>;
}

/** The stored files with the entries' hashes and the stored assets with their device asset ids. */
function lookUp(sqlite: Database.Database, caller: Caller, entries: UploadCheckEntry[]): Stored {
  let statements = prepared.get(sqlite);
  if (!statements) {
    statements = prepare(sqlite);
    prepared.set(sqlite, statements);
  }
  const hashes = new Set<string>();
  const deviceAssetIds = new Set<string>();
  for (const entry of entries) {
    if (entry.sha256) hashes.add(entry.sha256);
    // An entry with a hash is answered by content alone.
    else if (entry.assetId) deviceAssetIds.add(entry.assetId);
  }

  const stored: Stored = { content: new Map(), assets: new Map() };
  for (const list of fixedSizeLists([...hashes], listSize)) {
    for (const [sha256, size, assetId, resourceId] of statements.byContent.all(caller.userId, ...list)) {
      stored.content.set(sha256, { size, assetId, resourceId });
    }
  }
  for (const list of fixedSizeLists([...deviceAssetIds], listSize)) {
    const rows = caller.deviceId
      ? statements.byAssetOfDevice.all(caller.userId, caller.deviceId, ...list)
      : statements.byAssetWithoutDevice.all(caller.userId, ...list);
    for (const [deviceAssetId, assetId, modifiedAt, resourceList] of rows) {
      // Without a device, two assets may share an id: the first found answers, as by content.
      if (stored.assets.has(deviceAssetId)) continue;
      const types = new Map<string, string>();
      // `type=id` pairs joined by commas; neither a type nor an id holds either character.
      for (const pair of resourceList?.split(',') ?? []) {
        const equals = pair.indexOf('=');
        types.set(pair.slice(0, equals), pair.slice(equals + 1));
      }
      stored.assets.set(deviceAssetId, { assetId, modifiedAt, types });
    }
  }
  return stored;
}

/** Each entry's answer: stored by content (and size, when given), or by asset id and version. */
function matchEntries(entries: UploadCheckEntry[], stored: Stored): UploadCheckResult[] {
  const results: UploadCheckResult[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as UploadCheckEntry;
    results[i] = { id: entry.id, exists: false };
    if (entry.sha256) {
      const content = stored.content.get(entry.sha256);
      if (content && (entry.size === undefined || entry.size === content.size)) {
        results[i] = found(entry.id, content.assetId, content.resourceId);
      }
    } else if (entry.assetId) {
      const asset = stored.assets.get(entry.assetId);
      const resourceId = asset?.types.get(entry.resourceType ?? 'photo');
      const sameVersion =
        entry.modifiedAt === undefined || asset?.modifiedAt === Date.parse(entry.modifiedAt);
      if (asset && resourceId && sameVersion) results[i] = found(entry.id, asset.assetId, resourceId);
    }
  }
  return results;
}

/** A stored file need not belong to an asset yet: then only `exists` is known. */
const found = (id: string, assetId: string | null, resourceId: string | null): UploadCheckResult =>
  assetId && resourceId ? { id, exists: true, assetId, resourceId } : { id, exists: true };
