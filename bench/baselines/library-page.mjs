// The least work one page of the Library takes: the same keyset query and the same lookup
// Keepsake makes for a page (resources with their files, grid thumbnails and, for those without
// one, thumbnail job states, in one statement), in raw SQL with prepared statements, nothing else. The minimal server
// answers it on `GET /library?input=…`, so the library scenario compares Keepsake's whole
// request with this floor.

/** One prepared statement per SQL text, as a driver with a statement cache keeps them. */
const cache = new WeakMap();
function prepare(db, sql) {
  if (!cache.has(db)) cache.set(db, new Map());
  const statements = cache.get(db);
  if (!statements.has(sql)) statements.set(sql, db.prepare(sql));
  return statements.get(sql);
}

function decodeCursor(cursor) {
  const [sortAt, id] = Buffer.from(cursor, 'base64url').toString().split(':');
  return { sortAt: Number(sortAt), id };
}

/**
 * The file name search as Keepsake's `assets/file-name-search.ts` makes it: the trigram index's
 * matches listed when few, checked during the walk when more, LIKE when very common or short.
 */
function searchSql(db, userId, text) {
  const like = {
    where: [
      'a.user_id = ?',
      "exists (select 1 from resources r where r.asset_id = a.id and r.filename like ? escape '\\')",
    ],
    values: [userId, `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`],
  };
  if ([...text].length < 3) return like;
  const phrase = `"${text.replaceAll('"', '""')}"`;
  const { names, assets: found } = JSON.parse(
    prepare(
      db,
      `with named as materialized (
         select rowid as row from resource_names where resource_names match ? limit ?)
       select json_object(
         'names', (select count(*) from named),
         'assets', (select json_group_array(asset_id) from (
           select distinct n.asset_id from named
             cross join resource_name_rows n on n.row = named.row
             cross join assets a on a.id = n.asset_id
           where a.user_id = ? limit ?)))`,
    )
      .pluck()
      .get(phrase, 20_001, userId, 2001),
  );
  if (names > 20_000) return like;
  if (found.length <= 2000) {
    return {
      where: ['+a.user_id = ?', 'a.id in (select value from json_each(?))'],
      values: [userId, JSON.stringify(found)],
    };
  }
  return {
    where: [
      'a.user_id = ?',
      'a.id in (select asset_id from resource_name_rows where row in (select rowid from resource_names where resource_names match ?))',
    ],
    values: [userId, phrase],
  };
}

/** The Library's filters as SQL, with the same meaning as Keepsake's `assets/library-filter.ts`. */
function filterSql(db, userId, filter) {
  const { where, values } = filter.search
    ? searchSql(db, userId, filter.search)
    : { where: ['a.user_id = ?'], values: [userId] };
  const add = (sql, ...params) => {
    where.push(sql);
    values.push(...params);
  };
  if (filter.kind) add('a.kind = ?', filter.kind);
  if (filter.deviceId === null) add('a.device_id is null');
  else if (filter.deviceId) add('a.device_id = ?', filter.deviceId);
  if (filter.from) add('a.sort_at >= ?', Date.parse(filter.from));
  if (filter.to) add('a.sort_at < ?', Date.parse(filter.to));
  if (filter.make !== undefined) add('a.make = ?', filter.make);
  if (filter.model !== undefined) add('a.model = ?', filter.model);
  return { where, values };
}

export function libraryPage(db, userId, { limit = 200, cursor, filter: asked = {} }) {
  // One upper bound, the lower of the cursor and the range's end, as Keepsake's `list` does.
  let filter = asked;
  if (cursor && asked.to) {
    if (decodeCursor(cursor).sortAt < Date.parse(asked.to)) filter = { ...asked, to: undefined };
    else cursor = undefined;
  }
  const { where, values } = filterSql(db, userId, filter);
  if (cursor) {
    const after = decodeCursor(cursor);
    where.push('(a.sort_at, a.id) < (?, ?)');
    values.push(after.sortAt, after.id);
  }
  const sql = `select a.id, a.kind, a.taken_at, a.created_at, a.duration_ms, a.sort_at from assets a where ${where.join(' and ')}
    order by a.sort_at desc, a.id desc limit ?`;
  const rows = prepare(db, sql).all(...values, limit + 1);
  const page = rows.slice(0, limit);
  if (page.length === 0) return { items: [], nextCursor: null };
  const ids = page.map((a) => a.id);
  const list = ids.map(() => '?').join(',');
  const resources = prepare(
    db,
    `select r.asset_id as assetId, r.type, r.filename, r.file_id as fileId, f.size, f.thumbhash,
       d.file_id as thumb, d.width, d.height,
       case when d.file_id is not null then 'succeeded'
         else (select j.state from jobs j where j.kind = 'thumbnail' and j.subject = r.file_id) end as state
     from resources r indexed by resources_asset_card_idx join files f on f.id = r.file_id
     left join derivatives d indexed by derivatives_card_idx on d.file_id = r.file_id and d.kind = 'thumbnail'
     where r.asset_id in (${list})`,
  ).all(...ids);
  const byAsset = new Map();
  for (const r of resources) byAsset.set(r.assetId, [...(byAsset.get(r.assetId) ?? []), r]);
  const primary = (asset) => {
    const own = byAsset.get(asset.id) ?? [];
    return own.find((r) => r.type === 'fullSizePhoto') ?? own.find((r) => r.type !== 'pairedVideo') ?? own[0];
  };
  const items = page.map((asset) => {
    const p = primary(asset);
    return {
      id: asset.id,
      kind: asset.kind,
      filename: p?.filename ?? '',
      size: (byAsset.get(asset.id) ?? []).reduce((sum, r) => sum + r.size, 0),
      takenAt: asset.taken_at === null ? null : new Date(asset.taken_at).toISOString(),
      uploadedAt: new Date(asset.created_at).toISOString(),
      durationMs: asset.duration_ms,
      thumbhash: p?.thumbhash ?? null,
      thumbnail: {
        state: p?.state ?? null,
        url: p?.thumb ? `/api/v1/assets/${asset.id}/thumbnail` : null,
        width: p?.width ?? null,
        height: p?.height ?? null,
      },
    };
  });
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit ? Buffer.from(`${last.sort_at}:${last.id}`).toString('base64url') : null;
  return { items, nextCursor };
}
