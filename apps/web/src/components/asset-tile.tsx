import type { AssetSummary } from '@keepsake/shared';
import Link from 'next/link';
import { useState } from 'react';
import { firstScreenDrawn } from '~/lib/first-screen';
import { thumbhashColour, useThumbhashBlur } from '~/lib/thumbhash-url';
import { stopLoadingOnUnmount, useThumbnailWanted } from '~/lib/use-thumbnail';
import { formatClock, formatDateTime } from './format';

/**
 * One square of the library grid: the ThumbHash's colour at once, its blur once the browser is
 * idle, the thumbnail fading in over them, a badge for videos and Live Photos. `href` keeps the
 * library's filters for the asset view; `scrolling` holds the thumbnail back while the list is
 * flung past.
 */
export function AssetTile({
  asset,
  href,
  scrolling,
}: {
  asset: AssetSummary;
  href: string;
  scrolling: boolean;
}) {
  const thumbnail = useThumbnailWanted(scrolling) ? asset.thumbnail.url : null;
  const [shown, setShown] = useState(false);
  const colour = thumbhashColour(asset.thumbhash);
  const blur = useThumbhashBlur(asset.thumbhash, !shown);
  const when = asset.takenAt ?? asset.uploadedAt;
  return (
    <Link
      href={href}
      // Prefetching the asset view for every tile on screen sent hundreds of requests that the
      // library's own first page and thumbnails queued behind.
      prefetch={false}
      data-testid="library-tile"
      aria-label={`${kindLabel[asset.kind]} ${asset.filename}, ${formatDateTime(when)}`}
      className="group relative block h-full w-full overflow-hidden bg-stone-200 bg-cover bg-center focus-visible:z-10 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:bg-stone-800"
      style={{ backgroundColor: colour, backgroundImage: blur ? `url(${blur})` : undefined }}
    >
      {thumbnail ? (
        // biome-ignore lint/performance/noImgElement: a static export has no image optimiser; thumbnails are already small WebP
        <img
          src={thumbnail}
          alt=""
          decoding="async"
          // A plain image request at low priority waits while the page is still loading: the
          // first screen's thumbnails came ~0.5 s after their tiles.
          fetchPriority="high"
          draggable={false}
          ref={stopLoadingOnUnmount}
          className="h-full w-full object-cover opacity-0 transition-opacity duration-300 group-hover:brightness-95"
          // A thumbnail that fails to load stays invisible over its ThumbHash.
          onLoad={(event) => {
            event.currentTarget.style.opacity = '1';
            setShown(true);
            firstScreenDrawn();
          }}
        />
      ) : (
        !colour &&
        !asset.thumbnail.url && (
          <span className="flex h-full items-center justify-center p-1 text-center text-[11px] text-stone-500">
            {asset.thumbnail.state === 'failed' ? 'No preview' : 'Preview on its way…'}
          </span>
        )
      )}
      {asset.kind === 'video' && (
        <span className="absolute right-1 bottom-1 rounded bg-black/60 px-1 text-[11px] font-medium text-white">
          ▶ {asset.durationMs ? formatClock(asset.durationMs) : ''}
        </span>
      )}
      {asset.kind === 'livePhoto' && (
        <span className="absolute top-1 left-1 rounded bg-black/50 px-1 text-[10px] font-semibold tracking-wide text-white">
          LIVE
        </span>
      )}
    </Link>
  );
}

const kindLabel: Record<AssetSummary['kind'], string> = {
  photo: 'Photo',
  video: 'Video',
  livePhoto: 'Live Photo',
  other: 'File',
};
