import { type Db, perConnection, schema } from '@keepsake/db';
import { eq, type SQL, sql } from 'drizzle-orm';

const { assets, resources } = schema;

/** How many matches decide between the three ways of paging (tests pass smaller numbers). */
export interface SearchLimits {
  listed: number;
  common: number;
}
export const searchLimits: SearchLimits = {
  /**
   * Up to this many assets found by name, a page is built from them directly: each is looked up
   * by id and the few are sorted (~4 µs each).
   */
  listed: 2000,
  /**
   * Past this many matching names the text is common (a "IMG_" or ".HEIC"), and walking the
   * library newest first while reading each asset's names finds a page of matches soonest.
   */
  common: 20_000,
};

const statements = perConnection((db) => ({
  /**
   * In one search of the trigram index: how many resources of anyone have a name containing the
   * phrase, counted up to the first limit, and, among them, this person's assets, at most the
   * second limit. Counted first, so that other people's many matches cannot make listing this
   * person's slow; one search, not two, because each reads the phrase's trigrams' long lists
   * again (a common name at 1M assets: 6 ms as two statements, 3.3 ms as one).
   */
  namesAndAssets: db.$client
    .prepare<[string, number, string, number], string>(
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
    .pluck(),
}));

/**
 * The conditions on `assets` for "this person's assets with a file name containing `text`"
 * (case-insensitive), in the form that makes a Library page cheapest for how common the text
 * is. The trigram index (`resource_names`, migration 0009) answers which names contain it, but
 * not in library order, so:
 * - few matches: the page is those assets, looked up by id (`+user_id` keeps SQLite from
 *   walking the library index instead);
 * - more: the library is walked newest first and each asset is checked against the matches;
 * - very many, or text shorter than the index's three characters: the walk reads each asset's
 *   names with LIKE, which finds a page after a few hundred assets and needs no list at all.
 *
 * Measured at 100k assets: a name that 10 assets have took ~1.5 ms instead of ~300 ms, one that
 * 845 have 17 ms instead of 133 ms; one in every asset still takes ~2 ms. The index folds case
 * for every script, LIKE only for ASCII: non-ASCII text under three characters, or found in
 * more than `common` names, is matched case-sensitively.
 */
export function fileNameConditions(
  db: Db,
  userId: string,
  text: string,
  limits: SearchLimits = searchLimits,
): SQL[] {
  const likeWalk = [
    eq(assets.userId, userId),
    sql`exists (select 1 from ${resources} where ${resources.assetId} = ${assets.id} and ${resources.filename} like ${`%${escapeLike(text)}%`} escape '\\')`,
  ];
  if ([...text].length < 3) return likeWalk;
  const phrase = `"${text.replaceAll('"', '""')}"`;
  const { names, assets: found }: { names: number; assets: string[] } = JSON.parse(
    statements(db).namesAndAssets.get(phrase, limits.common + 1, userId, limits.listed + 1) as string,
  );
  if (names > limits.common) return likeWalk;
  if (found.length <= limits.listed) {
    return [
      sql`+${assets.userId} = ${userId}`,
      sql`${assets.id} in (select value from json_each(${JSON.stringify(found)}))`,
    ];
  }
  return [
    eq(assets.userId, userId),
    sql`${assets.id} in (select asset_id from resource_name_rows where row in (select rowid from resource_names where resource_names match ${phrase}))`,
  ];
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
