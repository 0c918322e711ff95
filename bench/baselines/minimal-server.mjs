// Baseline (a): the least a server must do to keep a photo safely, and nothing else.
//
//   PUT  /<anything>            stream the body to a temp file while hashing it (SHA-256),
//                               fsync, rename to library/<sha256>; answer 201
//   POST /api/v1/uploads/check  (with --db) the same lookups as Keepsake's check, in raw SQL
//   GET  /library?input=<json>  (with --db) one Library page, the same queries in raw SQL
//   GET  /files/<name>          a file from <dir>/files (the dashboard scenario's plain HTML page)
//   GET  /health                200 once listening
//
// No framework, no database writes, no logging, no directory fsync: it is the floor Keepsake
// is measured against, so every feature Keepsake adds shows up as the difference.
//
//   node bench/baselines/minimal-server.mjs --port 8300 --dir /tmp/x [--db keepsake.sqlite]
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { libraryPage } from './library-page.mjs';

const { values: args } = parseArgs({
  options: { port: { type: 'string' }, dir: { type: 'string' }, db: { type: 'string' } },
});
const port = Number(args.port);
const dir = path.resolve(args.dir);
const tmpDir = path.join(dir, 'tmp');
const libraryDir = path.join(dir, 'library');
await fs.mkdir(tmpDir, { recursive: true });
await fs.mkdir(libraryDir, { recursive: true });

/**
 * Streams the body to disk with a running SHA-256, fsyncs (`flush`: fsync before close),
 * renames by content. The same stream plumbing as Keepsake's staging (a Transform that hashes,
 * a file write stream), so the difference between the two is what Keepsake does besides.
 */
async function receive(req, res) {
  const temp = path.join(tmpDir, `${crypto.randomUUID()}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const hasher = new Transform({
    transform(chunk, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  await pipeline(req, hasher, createWriteStream(temp, { flags: 'wx', flush: true }));
  const sha256 = hash.digest('hex');
  await fs.rename(temp, path.join(libraryDir, sha256));
  res.writeHead(201, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ sha256, size }));
}

// The check route needs better-sqlite3, which only the workspace has; loaded lazily so the
// upload baseline runs without it.
let db;
const statements = new Map();
function openDb(file) {
  const require = createRequire(
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/db/package.json'),
  );
  const Database = require('better-sqlite3');
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  return sqlite;
}

/** The device lookup and the check's two lookups, each value list given as one JSON array. */
function prepared(kind) {
  if (!statements.has(kind)) {
    const sql =
      kind === 'device'
        ? 'select id as deviceId, user_id as userId from devices where key_hash = ? and revoked_at is null'
        : kind === 'sha256'
          ? `select hash.value as sha256, f.size, f.first_asset_id as assetId, f.first_resource_id as resourceId
           from json_each(?) hash cross join files f indexed by files_sha256_user_holder_idx
           where f.user_id = ? and f.sha256 = hash.value`
          : `select phone.value as deviceAssetId, a.id as assetId, a.modified_at as modifiedAt,
           a.resource_list as resourceList from json_each(?) phone cross join assets a indexed by assets_asset_device_check_idx
           where a.device_id = ? and a.device_asset_id = phone.value and a.user_id = ?`;
    statements.set(kind, db.prepare(sql));
  }
  return statements.get(kind);
}

/** The same answer as Keepsake's checkUploads: by content first, else by the phone's asset id. */
function check(caller, entries) {
  const byContent = new Map();
  const hashes = [...new Set(entries.filter((e) => e.sha256).map((e) => e.sha256))];
  for (const row of prepared('sha256').all(JSON.stringify(hashes), caller.userId)) {
    if (!byContent.has(row.sha256)) byContent.set(row.sha256, row);
  }
  const byAsset = new Map();
  const assetIds = [...new Set(entries.filter((e) => e.assetId).map((e) => e.assetId))];
  for (const row of prepared('asset').all(JSON.stringify(assetIds), caller.deviceId, caller.userId)) {
    const types = new Map((row.resourceList?.split(',') ?? []).map((pair) => pair.split('=')));
    byAsset.set(row.deviceAssetId, { assetId: row.assetId, modifiedAt: row.modifiedAt, types });
  }
  return entries.map((entry) => {
    const content = entry.sha256 && byContent.get(entry.sha256);
    if (content && (entry.size === undefined || entry.size === content.size)) {
      return { id: entry.id, exists: true, assetId: content.assetId, resourceId: content.resourceId };
    }
    const asset = entry.sha256 || !entry.assetId ? undefined : byAsset.get(entry.assetId);
    const resourceId = asset?.types.get(entry.resourceType ?? 'photo');
    const sameVersion = entry.modifiedAt === undefined || asset?.modifiedAt === Date.parse(entry.modifiedAt);
    if (resourceId && sameVersion) return { id: entry.id, exists: true, assetId: asset.assetId, resourceId };
    return { id: entry.id, exists: false };
  });
}

async function checkRoute(req, res) {
  const key = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const caller = key && prepared('device').get(createHash('sha256').update(key).digest('hex'));
  if (!caller) {
    res.writeHead(401).end();
    return;
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const { entries } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const answer = JSON.stringify({ results: check(caller, entries) });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(answer);
}

async function libraryRoute(req, res) {
  const key = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const caller = key && prepared('device').get(createHash('sha256').update(key).digest('hex'));
  if (!caller) {
    res.writeHead(401).end();
    return;
  }
  const input = JSON.parse(new URL(req.url, 'http://localhost').searchParams.get('input') ?? '{}');
  const answer = JSON.stringify(libraryPage(db, caller.userId, input));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(answer);
}

const types = { '.html': 'text/html; charset=utf-8', '.webp': 'image/webp' };
async function fileRoute(req, res) {
  const name = path.basename(decodeURIComponent(new URL(req.url, 'http://localhost').pathname));
  const body = await fs.readFile(path.join(dir, 'files', name)).catch(() => null);
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': types[path.extname(name)] ?? 'application/octet-stream' });
  res.end(body);
}

if (args.db) db = openDb(args.db);

const server = http.createServer((req, res) => {
  const route =
    req.method === 'PUT'
      ? receive
      : req.method === 'POST' && req.url === '/api/v1/uploads/check' && db
        ? checkRoute
        : req.method === 'GET' && req.url.startsWith('/library?') && db
          ? libraryRoute
          : req.method === 'GET' && req.url.startsWith('/files/')
            ? fileRoute
            : req.method === 'GET' && req.url === '/health'
              ? async () => res.writeHead(200).end('ok')
              : async () => res.writeHead(404).end();
  route(req, res).catch((error) => {
    if (!res.headersSent) res.writeHead(500);
    res.end(String(error?.message ?? error));
  });
});
// Like Keepsake: uploads may take long, only idle sockets time out.
server.requestTimeout = 0;
server.listen(port, '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    db?.close();
    process.exit(0);
  });
}
