import { fixedSizeLists } from '@keepsake/db';
import {
  type UploadCheckEntry,
  type UploadCheckResult,
  uploadCheckEntrySchema,
  uploadCheckEnvelopeSchema,
} from '@keepsake/shared';
import type Database from 'better-sqlite3';
import { KeepsakeError } from '../errors.js';
import type { Caller } from './caller.js';
import type { BytePiece } from './check-body.js';

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

/**
 * Which of a check's entries to answer: a run of them read from its own bytes (check-body.ts),
 * or share `part` of `parts` equal shares of the whole body's entries, for a body that cannot be
 * read in pieces.
 */
export type CheckPiece = BytePiece | { part: number; parts: number };

/** What is wrong with one entry: its index in its piece first in `path`. */
export interface EntryIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * A piece's answer: its `count` entries' results as JSON array items, ready to join with the
 * other pieces' into `{"results":[…]}`; or the first problem with one of its entries; or what is
 * wrong with the whole request; or, for a piece read from its bytes, that they are not JSON by
 * themselves (the body is then read whole, for the error a person can act on).
 */
export type CheckPieceAnswer =
  | { count: number; results: string }
  | { count: number; issue: EntryIssue }
  | { problem: string }
  | { unreadable: true };

const entryList = uploadCheckEntrySchema.array();

const invalid = (issue: EntryIssue | undefined) =>
  `The check request is invalid at ${issue?.path.join('.') || 'the top level'}: ${issue?.message}. Send { "entries": [ { "id", "sha256" } ] }.`;

/**
 * Answers one piece of an upload check from the raw request body, on this connection. Parsing,
 * validating, looking up and serialising all happen here, so a large check runs wholly on worker
 * threads (check-threads.ts) and the event loop only passes bytes along. A 5,000-entry check is a
 * handful of indexed queries, not 5,000.
 */
export function answerCheckPiece(
  sqlite: Database.Database,
  caller: Caller,
  body: Uint8Array,
  piece: CheckPiece,
): CheckPieceAnswer {
  const read = 'from' in piece ? readBytes(body, piece) : readShareOfWhole(body, piece);
  if (!('entries' in read)) return read;
  const count = read.entries.length;
  const checked = entryList.safeParse(read.entries);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { count, issue: { path: issue?.path ?? [], message: issue?.message ?? 'invalid' } };
  }
  const entries = checked.data;
  const results = matchEntries(entries, lookUp(sqlite, caller, entries));
  return { count, results: JSON.stringify(results).slice(1, -1) };
}

/**
 * `{"results":[…]}` from every piece's answer, in order, or the request's first problem as a 400:
 * one with the whole request, then the number of entries, then the first entry's. `undefined`
 * when a piece was not JSON by itself: the body must be read whole.
 */
export function joinPieces(pieces: CheckPieceAnswer[]): string | undefined {
  if (pieces.some((piece) => 'unreadable' in piece)) return undefined;
  const results: string[] = [];
  let first: EntryIssue | undefined;
  let count = 0;
  for (const piece of pieces) {
    if ('problem' in piece) throw new KeepsakeError('BAD_REQUEST', piece.problem);
    if ('unreadable' in piece) continue;
    if ('issue' in piece && !first) {
      const [index, ...rest] = piece.issue.path;
      first = { ...piece.issue, path: ['entries', count + Number(index), ...rest] };
    }
    if ('results' in piece && piece.results) results.push(piece.results);
    count += piece.count;
  }
  // The envelope's rules on the number of entries, told the number without the entries.
  const envelope = uploadCheckEnvelopeSchema.safeParse({ entries: new Array(count) });
  if (!envelope.success) throw new KeepsakeError('BAD_REQUEST', invalid(envelope.error.issues[0]));
  if (first) throw new KeepsakeError('BAD_REQUEST', invalid(first));
  return `{"results":[${results.join(',')}]}`;
}

type PieceRead = { entries: unknown[] } | { problem: string } | { unreadable: true };

const text = (body: Uint8Array, from = 0, to = body.byteLength) =>
  Buffer.from(body.buffer, body.byteOffset + from, to - from).toString('utf8');

/** A piece's entries from its own bytes, which must be one or more JSON values. */
function readBytes(body: Uint8Array, { from, to }: BytePiece): PieceRead {
  try {
    const entries: unknown[] = JSON.parse(`[${text(body, from, to)}]`);
    return entries.length ? { entries } : { unreadable: true };
  } catch {
    return { unreadable: true };
  }
}

/** A share of the entries, after parsing and checking the whole body. */
function readShareOfWhole(body: Uint8Array, { part, parts }: { part: number; parts: number }): PieceRead {
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
  return {
    entries: all.slice(
      Math.floor((all.length * part) / parts),
      Math.floor((all.length * (part + 1)) / parts),
    ),
  };
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
