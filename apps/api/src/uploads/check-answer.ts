import { fixedSizeLists } from '@keepsake/db';
import {
  type UploadCheckEntry,
  type UploadCheckResult,
  uploadCheckEntrySchema,
  uploadCheckEnvelopeSchema,
} from '@keepsake/shared';
import type Database from 'better-sqlite3';
import type { Caller } from './caller.js';

/** SQLite allows 32,766 bound parameters; 500 per IN list keeps each statement small and fast. */
const listSize = 500;

const placeholders = Array(listSize).fill('?').join(',');
// Plain SQL rather than the query builder: building and preparing a 500-value query per list
// and mapping every row took about half of a 5,000-entry check.
const byContentSql = `select f.sha256, f.size, r.asset_id, r.id from files f
  left join resources r on r.file_id = f.id
  where f.user_id = ? and f.sha256 in (${placeholders})`;
// Both are answered from covering indexes, without reading rows (~25% less time). `indexed by`
// pins the (device, device asset id, …) one: without statistics the planner prefers (user,
// device) and reads every asset of the phone, about 13x slower at 100k assets.
const byAssetSql = (deviceClause: string) => `select a.device_asset_id, a.id, a.modified_at, r.type, r.id
  from assets a indexed by assets_device_asset_version_idx left join resources r on r.asset_id = a.id
  where a.user_id = ? and ${deviceClause} and a.device_asset_id in (${placeholders})`;

type ContentRow = [sha256: string, size: number, assetId: string | null, resourceId: string | null];
type AssetRow = [
  deviceAssetId: string,
  assetId: string,
  modifiedAt: number | null,
  type: string | null,
  resourceId: string | null,
];

/** The lookups' SQL, for one list of `listSize` values each. */
export const lookupSql = {
  byContent: byContentSql,
  byAssetOfDevice: byAssetSql('a.device_id = ?'),
  byAssetWithoutDevice: byAssetSql('a.device_id is null'),
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
 * threads (check-threads.ts) and the event loop only passes bytes along. Every share parses the
 * whole body and validates only its own entries: the first share with a problem holds the
 * request's first problem. A 5,000-entry check is a handful of indexed queries, not 5,000.
 */
export function answerCheckShare(
  sqlite: Database.Database,
  caller: Caller,
  body: Uint8Array,
  { part, parts }: CheckShare,
): CheckShareAnswer {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (error) {
    return {
      problem: `The check request is not JSON (${(error as Error).message}). Send { "entries": [ { "id", "sha256" } ] } as application/json.`,
    };
  }
  const envelope = uploadCheckEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { problem: invalid(envelope.error.issues[0]) };
  const all = envelope.data.entries;
  const from = Math.floor((all.length * part) / parts);
  const share = entryList.safeParse(all.slice(from, Math.floor((all.length * (part + 1)) / parts)));
  if (!share.success) {
    const issue = share.error.issues[0];
    return {
      problem: invalid(
        issue && { ...issue, path: ['entries', from + Number(issue.path[0]), ...issue.path.slice(1)] },
      ),
    };
  }
  const entries = share.data;
  const results = matchEntries(entries, lookUp(sqlite, caller, entries));
  return { results: JSON.stringify(results).slice(1, -1) };
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
      if (!stored.content.has(sha256)) stored.content.set(sha256, { size, assetId, resourceId });
    }
  }
  for (const list of fixedSizeLists([...deviceAssetIds], listSize)) {
    const rows = caller.deviceId
      ? statements.byAssetOfDevice.all(caller.userId, caller.deviceId, ...list)
      : statements.byAssetWithoutDevice.all(caller.userId, ...list);
    for (const [deviceAssetId, assetId, modifiedAt, type, resourceId] of rows) {
      let known = stored.assets.get(deviceAssetId);
      if (!known) {
        known = { assetId, modifiedAt, types: new Map() };
        stored.assets.set(deviceAssetId, known);
      }
      if (type && resourceId) known.types.set(type, resourceId);
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
