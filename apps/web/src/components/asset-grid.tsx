import type { AssetSummary } from '@keepsake/shared';
import Link from 'next/link';
import { formatBytes } from './format';

/** A small grid of assets with names and sizes (the Overview's latest arrivals). */
export function AssetGrid({ assets }: { assets: AssetSummary[] }) {
  return (
    <ul className="grid grid-cols-3 gap-2 sm:grid-cols-4 md:grid-cols-6" data-testid="asset-grid">
      {assets.map((asset) => (
        <li
          key={asset.id}
          className="overflow-hidden rounded-lg bg-white shadow-sm dark:bg-stone-900"
          data-testid="asset-tile"
        >
          <Link
            href={`/asset/?id=${asset.id}`}
            prefetch={false}
            className="block focus-visible:outline-2 focus-visible:outline-sky-500"
          >
            <div className="flex aspect-square items-center justify-center bg-stone-200 dark:bg-stone-800">
              {asset.thumbnail.url ? (
                // biome-ignore lint/performance/noImgElement: a static export has no image optimiser; thumbnails are already small WebP
                <img
                  src={asset.thumbnail.url}
                  alt={asset.filename}
                  loading="lazy"
                  width={asset.thumbnail.width ?? undefined}
                  height={asset.thumbnail.height ?? undefined}
                  className="h-full w-full object-cover"
                />
              ) : (
                <span className="px-2 text-center text-xs text-stone-500">
                  {thumbnailNote(asset.thumbnail.state)}
                </span>
              )}
            </div>
            <div className="px-2 py-1.5 text-xs">
              <p className="truncate font-medium" title={asset.filename}>
                {asset.filename}
              </p>
              <p className="text-stone-500">{formatBytes(asset.size)}</p>
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function thumbnailNote(state: AssetSummary['thumbnail']['state']): string {
  if (state === 'failed') return 'No preview: see Failures';
  return 'Preview on its way…';
}
