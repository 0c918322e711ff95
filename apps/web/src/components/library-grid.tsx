'use client';

import type { AssetSummary } from '@keepsake/shared';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useFirstScreenDrawn } from '~/lib/first-screen';
import { type LibraryRow, libraryRows } from '~/lib/library-rows';
import { AssetTile } from './asset-tile';
import { formatCount, formatDayHeading, plural } from './format';

const gap = 4;
const headingHeight = 44;

/**
 * The library as a virtual list of day headings and rows of tiles, scrolled with the page. Only
 * the rows near the viewport exist in the DOM, so 100,000 assets cost what a screenful does;
 * the heading of the day at the top stays pinned under the page header.
 */
export function LibraryGrid({
  assets,
  complete,
  loadMore,
  loadingMore,
  hrefFor,
}: {
  assets: readonly AssetSummary[];
  /** False while more pages can be loaded. */
  complete: boolean;
  loadMore: () => void;
  loadingMore: boolean;
  hrefFor: (asset: AssetSummary) => string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    const measure = () => {
      setWidth(element.clientWidth);
      setOffset(element.getBoundingClientRect().top + window.scrollY);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  const columns = Math.max(3, Math.floor((width + gap) / (width < 640 ? 110 : 160)));
  const tile = width ? (width - gap * (columns - 1)) / columns : 150;
  const rows = useMemo(() => libraryRows(assets, columns, complete), [assets, columns, complete]);
  // Row heights are known, so where each row ends is worked out without measuring.
  const ends = useMemo(() => {
    let y = 0;
    return rows.map((row) => {
      y += row.type === 'day' ? headingHeight : tile + gap;
      return y;
    });
  }, [rows, tile]);

  // The first screen draws only what it shows and a row either side; once its thumbnails are
  // up, rows further off are drawn ahead of the scroll.
  const firstScreenDrawn = useFirstScreenDrawn();
  const virtualizer = useWindowVirtualizer({
    // Until the width is known, nothing: tiles drawn for a guessed width are all drawn again.
    count: width ? rows.length : 0,
    estimateSize: (i) => (rows[i]?.type === 'day' ? headingHeight : tile + gap),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: firstScreenDrawn ? 6 : 1,
    scrollMargin: offset,
  });

  // The pinned heading names the day of the first row below the page header, which covers the
  // top of the viewport. The list re-renders as it scrolls, so this follows every pixel.
  const header =
    typeof document === 'undefined'
      ? 0
      : Number.parseFloat(document.documentElement.style.getPropertyValue('--header-height')) || 0;
  const top = (virtualizer.scrollOffset ?? 0) - offset + header;
  let first = ends.length - 1;
  for (let low = 0, high = ends.length - 1; low <= high; ) {
    const middle = (low + high) >> 1;
    if ((ends[middle] ?? 0) > top) {
      first = middle;
      high = middle - 1;
    } else low = middle + 1;
  }
  const pinned = rows.slice(0, first + 1).findLast((row) => row.type === 'day');

  // A new width changes every row's height.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-measure exactly when the tile size changes
  useEffect(() => virtualizer.measure(), [tile, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    // The next page is asked for a few screens ahead, so a steady scroll never reaches the end.
    if (!complete && !loadingMore && last >= rows.length - 30) loadMore();
  }, [last, rows.length, complete, loadingMore, loadMore]);

  return (
    <div ref={container} data-testid="library-grid">
      <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {pinned?.type === 'day' && top > 0 && (
          // In flow at the top of the list, so it sticks under the page header while the list
          // passes; the day's own heading scrolls underneath it.
          <div
            aria-hidden
            className="sticky z-10"
            style={{ top: 'var(--header-height, 0px)', height: headingHeight }}
            data-testid="pinned-day"
          >
            <DayHeading day={pinned.day} count={pinned.count} more={pinned.more} />
          </div>
        )}
        {items.map((item) => {
          const row = rows[item.index] as LibraryRow;
          return (
            <div
              key={item.key}
              className="absolute top-0 left-0 w-full"
              style={{
                transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)`,
                height: item.size,
              }}
            >
              {row.type === 'day' ? (
                <DayHeading day={row.day} count={row.count} more={row.more} />
              ) : (
                <TileRow
                  assets={row.assets}
                  tile={tile}
                  hrefFor={hrefFor}
                  scrolling={virtualizer.isScrolling}
                />
              )}
            </div>
          );
        })}
      </div>
      <p className="py-6 text-center text-sm text-stone-500" data-testid="library-end">
        {complete
          ? `That is everything: ${plural(assets.length, 'item', 'items')}.`
          : loadingMore
            ? 'Loading more…'
            : ' '}
      </p>
    </div>
  );
}

/*
 * Rows and headings are memoised: scrolling re-renders the list to move its rows, and only the
 * rows that come into view should draw their tiles.
 */
const DayHeading = memo(function DayHeading({
  day,
  count,
  more,
}: {
  day: string;
  count: number;
  more: boolean;
}) {
  return (
    <h2 className="flex h-full items-center justify-between bg-stone-50 px-1 text-sm font-semibold dark:bg-stone-950">
      <span>{formatDayHeading(day)}</span>
      <span className="text-xs font-normal text-stone-500">
        {formatCount(count)}
        {more ? '+' : ''}
      </span>
    </h2>
  );
});

const TileRow = memo(function TileRow({
  assets,
  tile,
  hrefFor,
  scrolling,
}: {
  assets: AssetSummary[];
  tile: number;
  hrefFor: (asset: AssetSummary) => string;
  scrolling: boolean;
}) {
  return (
    <ul className="flex" style={{ gap, height: tile }}>
      {assets.map((asset) => (
        <li key={asset.id} style={{ width: tile, height: tile }} className="shrink-0">
          <AssetTile asset={asset} href={hrefFor(asset)} scrolling={scrolling} />
        </li>
      ))}
    </ul>
  );
});
