import type { AssetSummary } from '@keepsake/shared';
import { localDayKey } from '~/components/format';

export type LibraryRow =
  | { type: 'day'; key: string; day: string; count: number; more: boolean }
  | { type: 'tiles'; key: string; assets: AssetSummary[] };

/** When the library sorts an asset: its capture time, else its upload time (as the server does). */
export const sortTime = (asset: AssetSummary) => asset.takenAt ?? asset.uploadedAt;

/**
 * Lays the newest-first assets out as rows for the virtual list: a heading for each of the
 * viewer's calendar days, then rows of `columns` tiles. `complete` says whether the last day
 * may continue on the next page (its count is then "at least").
 */
export function libraryRows(
  assets: readonly AssetSummary[],
  columns: number,
  complete: boolean,
): LibraryRow[] {
  const rows: LibraryRow[] = [];
  let i = 0;
  while (i < assets.length) {
    const day = localDayKey(sortTime(assets[i]!));
    let end = i + 1;
    while (end < assets.length && localDayKey(sortTime(assets[end]!)) === day) end++;
    rows.push({
      type: 'day',
      key: `day-${day}`,
      day,
      count: end - i,
      more: !complete && end === assets.length,
    });
    for (let start = i; start < end; start += columns) {
      const slice = assets.slice(start, Math.min(start + columns, end));
      rows.push({ type: 'tiles', key: `row-${slice[0]!.id}`, assets: slice });
    }
    i = end;
  }
  return rows;
}
