import type { AssetSummary } from '@keepsake/shared';
import { describe, expect, it } from 'vitest';
import { libraryRows } from './library-rows';

const asset = (id: string, takenAt: string): AssetSummary => ({
  id,
  kind: 'photo',
  filename: `${id}.jpg`,
  size: 1,
  takenAt,
  uploadedAt: takenAt,
  durationMs: null,
  thumbhash: null,
  thumbnail: { state: null, url: null, width: null, height: null },
});

describe('library rows', () => {
  it('puts a heading before each day and fills rows of tiles', () => {
    const assets = [
      asset('a', new Date(2026, 5, 15, 18).toISOString()),
      asset('b', new Date(2026, 5, 15, 9).toISOString()),
      asset('c', new Date(2026, 5, 15, 8).toISOString()),
      asset('d', new Date(2026, 5, 14, 12).toISOString()),
    ];
    const rows = libraryRows(assets, 2, false);
    expect(
      rows.map((r) =>
        r.type === 'day' ? `${r.day}:${r.count}${r.more ? '+' : ''}` : r.assets.map((a) => a.id).join(''),
      ),
    ).toEqual(['2026-06-15:3', 'ab', 'c', '2026-06-14:1+', 'd']);
    // Keys stay the same when later pages arrive, so the virtual list keeps its rows.
    expect(libraryRows(assets, 2, true).map((r) => r.key)).toEqual(rows.map((r) => r.key));
  });
});
