import {
  checkEntryLimits,
  isPlainCheckEntry,
  type UploadCheckEntry,
  type UploadCheckResult,
  uploadCheckEntrySchema,
  uploadCheckEnvelopeSchema,
} from '@keepsake/shared';
import type Database from 'better-sqlite3';
import { KeepsakeError } from '../errors.js';
import type { Caller } from './caller.js';
import type { BytePiece } from './check-body.js';

// Plain SQL rather than the query builder: building a query and mapping every row took about
// half of a 5,000-entry check.
// Each value is one search of a covering index, reading no rows and no other table: a file names
// its first holder, and an asset lists its resources (copies kept by triggers, migration 0015).
// The values come as one JSON array (`json_each`), and each row names its value by its place in
// that array: one statement per piece of a check, no string handed back per row for a hash the
// caller already has, and ~15 % less time than the same searches as lists of 500 `IN` values
// (which SQLite first sorts into a temporary index). `cross join` keeps the array outside, one
// search per value; `indexed by` pins the indexes: without statistics the planner prefers
// (user, device) for assets and reads every asset of the phone, about 13x slower at 100k assets,
// and for files the unique (user, hash) index, which does not hold the holder.
// The matches come back as one JSON text per statement, parsed at once, rather than a row each:
// better-sqlite3 sets every column of every row through V8's generic property path (a quarter
// of the lookups' time in a profile); one parse is ~5 % faster on a whole check.
const byContentSql = `select json_group_array(json_array(hash.key, file.size, file.first_asset_id, file.first_resource_id))
  from json_each(?) hash cross join files file indexed by files_sha256_user_holder_idx
  where file.user_id = ? and file.sha256 = hash.value`;
const byAssetSql = (
  deviceClause: string,
) => `select json_group_array(json_array(phone.key, asset.id, asset.modified_at, asset.resource_list))
  from json_each(?) phone cross join assets asset indexed by assets_asset_device_check_idx
  where asset.${deviceClause} and asset.device_asset_id = phone.value and asset.user_id = ?`;

type ContentRow = [key: number, size: number, assetId: string | null, resourceId: string | null];
type AssetRow = [key: number, assetId: string, modifiedAt: number | null, resourceList: string | null];

/** The lookups' SQL: the values as one JSON array, then the other parameters in the order written. */
export const lookupSql = {
  byContent: byContentSql,
  byAssetOfDevice: byAssetSql('device_id = ?'),
  byAssetWithoutDevice: byAssetSql('device_id is null'),
};

const prepared = new WeakMap<Database.Database, ReturnType<typeof prepare>>();
const prepare = (sqlite: Database.Database) => ({
  byContent: sqlite.prepare<unknown[], string>(lookupSql.byContent).pluck(),
  byAssetOfDevice: sqlite.prepare<unknown[], string>(lookupSql.byAssetOfDevice).pluck(),
  byAssetWithoutDevice: sqlite.prepare<unknown[], string>(lookupSql.byAssetWithoutDevice).pluck(),
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
 * A piece's answer: its `count` entries' results as JSON array items (text, or its UTF-8 bytes as
 * the check threads wrote them), ready to join with the other pieces' into `{"results":[…]}`; or
 * the first problem with one of its entries; or what is wrong with the whole request; or, for a
 * piece read from its bytes, that they are not JSON by themselves (the body is then read whole,
 * for the error a person can act on).
 */
export type CheckPieceAnswer<Results extends string | Uint8Array = string | Uint8Array> =
  | { count: number; results: Results }
  | { count: number; issue: EntryIssue }
  | { problem: string }
  | { unreadable: true };

const entryList = uploadCheckEntrySchema.array();

const invalid = (issue: EntryIssue | undefined) =>
  `The check request is invalid at ${issue?.path.join('.') || 'the top level'}: ${issue?.message}. Send { "entries": [ { "id", "sha256" } ] }.`;

/**
 * Answers one piece of an upload check from the raw request body, on this connection. Parsing,
 * validating, looking up and serialising all happen here, so a large check runs wholly on worker
 * threads (check-threads.ts) and the event loop only passes bytes along. A piece is two
 * statements, one per kind of lookup, not one per entry.
 */
export function answerCheckPiece(
  sqlite: Database.Database,
  caller: Caller,
  body: Uint8Array,
  piece: CheckPiece,
): CheckPieceAnswer<string> {
  const read = 'from' in piece ? readBytes(body, piece) : readShareOfWhole(body, piece);
  if (!('entries' in read)) return read;
  const count = read.entries.length;
  // Plain entries as they were parsed; a piece with any other goes through the schema, for its
  // verdict and its message.
  let entries: UploadCheckEntry[];
  if (read.entries.every(isPlainCheckEntry)) entries = read.entries;
  else {
    const checked = entryList.safeParse(read.entries);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      return { count, issue: { path: issue?.path ?? [], message: issue?.message ?? 'invalid' } };
    }
    entries = checked.data;
  }
  const results = answerEntries(sqlite, caller, entries);
  return { count, results: JSON.stringify(results).slice(1, -1) };
}

/** An answer's JSON in parts, sent one after another. */
export type CheckAnswerParts = (string | Uint8Array)[];

/**
 * `{"results":[…]}` from every piece's answer, in order, as parts to send one after another; or
 * the request's first problem as a 400: one with the whole request, then the number of entries,
 * then the first entry's. `undefined` when a piece was not JSON by itself: the body must be read
 * whole. Parts, not one string: a 5,000-entry answer joined is ~600 KB, which V8
 * allocates among its long-lived objects, so under a stream of checks the event loop stopped for a
 * full collection every ~0.5 s (2–20 ms each, the slowest checks).
 */
export function joinPieces(pieces: CheckPieceAnswer[]): CheckAnswerParts | undefined {
  if (pieces.some((piece) => 'unreadable' in piece)) return undefined;
  const parts: CheckAnswerParts = ['{"results":['];
  let first: EntryIssue | undefined;
  let count = 0;
  for (const piece of pieces) {
    if ('problem' in piece) throw new KeepsakeError('BAD_REQUEST', piece.problem);
    if ('unreadable' in piece) continue;
    if ('issue' in piece && !first) {
      const [index, ...rest] = piece.issue.path;
      first = { ...piece.issue, path: ['entries', count + Number(index), ...rest] };
    }
    if ('results' in piece && piece.results.length) {
      if (parts.length > 1) parts.push(',');
      parts.push(piece.results);
    }
    count += piece.count;
  }
  // The envelope's rules on the number of entries, told the number without the entries, and only
  // when it is outside them: a list of 5,000 holes validated per check was garbage that V8
  // promoted to its long-lived objects, bringing full collections nearer.
  if (count < checkEntryLimits.min || count > checkEntryLimits.max) {
    const envelope = uploadCheckEnvelopeSchema.safeParse({ entries: new Array(count) });
    throw new KeepsakeError('BAD_REQUEST', invalid(envelope.error?.issues[0]));
  }
  if (first) throw new KeepsakeError('BAD_REQUEST', invalid(first));
  parts.push(']}');
  return parts;
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

/**
 * Each entry's answer: stored by content (and size, when given), or by asset id, resource type
 * and version. Entries are looked up as they come: the same hash twice is searched twice, which
 * costs less than keeping every hash in a set for the rare phone that asks twice.
 */
function answerEntries(
  sqlite: Database.Database,
  caller: Caller,
  entries: UploadCheckEntry[],
): UploadCheckResult[] {
  let statements = prepared.get(sqlite);
  if (!statements) {
    statements = prepare(sqlite);
    prepared.set(sqlite, statements);
  }
  const results: UploadCheckResult[] = new Array(entries.length);
  // An entry with a hash is answered by content alone, else by the phone's asset id.
  const byContent: number[] = [];
  const byAsset: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as UploadCheckEntry;
    results[i] = { id: entry.id, exists: false };
    if (entry.sha256) byContent.push(i);
    else if (entry.assetId) byAsset.push(i);
  }

  if (byContent.length) {
    const hashes = JSON.stringify(byContent.map((i) => entries[i]?.sha256));
    const rows: ContentRow[] = JSON.parse(statements.byContent.get(hashes, caller.userId) as string);
    for (const [key, size, assetId, resourceId] of rows) {
      const i = byContent[key] as number;
      const entry = entries[i] as UploadCheckEntry;
      if (entry.size === undefined || entry.size === size) results[i] = found(entry.id, assetId, resourceId);
    }
  }
  if (byAsset.length) {
    const ids = JSON.stringify(byAsset.map((i) => entries[i]?.assetId));
    const rows: AssetRow[] = JSON.parse(
      (caller.deviceId
        ? statements.byAssetOfDevice.get(ids, caller.deviceId, caller.userId)
        : statements.byAssetWithoutDevice.get(ids, caller.userId)) as string,
    );
    let previous = -1;
    for (const [key, assetId, modifiedAt, resourceList] of rows) {
      // Without a device, two assets may share an id: the first found answers, as by content.
      if (key === previous) continue;
      previous = key;
      const i = byAsset[key] as number;
      const entry = entries[i] as UploadCheckEntry;
      const resourceId = resourceOfType(resourceList, entry.resourceType ?? 'photo');
      const sameVersion = entry.modifiedAt === undefined || modifiedAt === Date.parse(entry.modifiedAt);
      if (resourceId && sameVersion) results[i] = found(entry.id, assetId, resourceId);
    }
  }
  return results;
}

/** The resource of this type in an asset's `type=id` pairs, joined by commas (neither holds either). */
function resourceOfType(resourceList: string | null, type: string): string | undefined {
  for (const pair of resourceList?.split(',') ?? []) {
    if (pair.length > type.length && pair[type.length] === '=' && pair.startsWith(type)) {
      return pair.slice(type.length + 1);
    }
  }
  return undefined;
}

/** A stored file need not belong to an asset yet: then only `exists` is known. */
const found = (id: string, assetId: string | null, resourceId: string | null): UploadCheckResult =>
  assetId && resourceId ? { id, exists: true, assetId, resourceId } : { id, exists: true };
