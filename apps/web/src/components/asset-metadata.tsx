import type { AssetDetail } from '@keepsake/shared';
import type { ReactNode } from 'react';
import { assetUrls } from '~/lib/asset-detail';
import { formatBytes, formatClock, formatDateTime } from './format';

const resourceLabel: Partial<Record<AssetDetail['resources'][number]['type'], string>> = {
  fullSizePhoto: 'Edited photo',
  photo: 'Photo',
  alternatePhoto: 'Alternate photo (RAW)',
  fullSizeVideo: 'Edited video',
  video: 'Video',
  pairedVideo: 'Live Photo motion',
  fullSizePairedVideo: 'Edited motion',
  adjustmentBasePhoto: 'Photo before edits',
  adjustmentData: 'Edit instructions',
};

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7.5rem_1fr] gap-2 py-1.5">
      <dt className="text-stone-500 dark:text-stone-400">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** The order files are listed in: what the grid shows first (the edited render, then the original). */
const listOrder = Object.keys(resourceLabel);
const rank = (type: string) => (listOrder.includes(type) ? listOrder.indexOf(type) : listOrder.length);

/** Everything known about the asset: when, with what, where, from which device, and every file it is made of. */
export function AssetMetadata({ asset }: { asset: AssetDetail }) {
  const urls = assetUrls(asset.id);
  const camera = [asset.make, asset.model].filter(Boolean).join(' ');
  const resources = [...asset.resources].sort((a, b) => rank(a.type) - rank(b.type));
  const primary = resources[0];
  const hasPlace = asset.latitude !== null && asset.longitude !== null;
  return (
    <div className="text-sm">
      <dl className="divide-y divide-stone-200 dark:divide-stone-800">
        <Row label="Taken">
          {asset.takenAt ? (
            <>
              {formatDateTime(asset.takenAt)}
              {asset.takenAtOffset && (
                <span className="block text-xs text-stone-500">camera clock at UTC{asset.takenAtOffset}</span>
              )}
            </>
          ) : (
            'Unknown'
          )}
        </Row>
        <Row label="Uploaded">{formatDateTime(asset.uploadedAt)}</Row>
        {camera && <Row label="Camera">{camera}</Row>}
        {asset.lens && <Row label="Lens">{asset.lens}</Row>}
        {asset.width && asset.height && (
          <Row label="Size">
            {asset.width} × {asset.height} px ({((asset.width * asset.height) / 1e6).toFixed(1)} MP)
          </Row>
        )}
        {asset.durationMs !== null && <Row label="Length">{formatClock(asset.durationMs)}</Row>}
        {hasPlace && (
          <Row label="Place">
            <a
              className="text-sky-700 underline dark:text-sky-400"
              href={`https://www.openstreetmap.org/?mlat=${asset.latitude}&mlon=${asset.longitude}#map=15/${asset.latitude}/${asset.longitude}`}
              target="_blank"
              rel="noreferrer noopener"
            >
              {asset.latitude?.toFixed(5)}, {asset.longitude?.toFixed(5)}
            </a>
          </Row>
        )}
        <Row label="On disk">{formatBytes(asset.size)}</Row>
        <Row label="From">{asset.device?.name ?? 'The dashboard (a browser upload)'}</Row>
        {primary && (
          <Row label="SHA-256">
            <code className="text-xs break-all" data-testid="checksum">
              {primary.sha256}
            </code>
          </Row>
        )}
      </dl>
      <h3 className="mt-4 mb-1 font-semibold">Files</h3>
      <ul className="space-y-2">
        {resources.map((resource) => {
          const errors = [resource.processing.thumbnail, resource.processing.metadata].flatMap((p) =>
            p.error ? [p.error] : [],
          );
          return (
            <li
              key={resource.id}
              className="rounded-lg bg-stone-100 p-2.5 dark:bg-stone-800/60"
              data-testid="resource"
            >
              <div className="flex items-baseline justify-between gap-2">
                <span className="font-medium">{resourceLabel[resource.type] ?? resource.type}</span>
                <a
                  href={urls.download(resource.id)}
                  download
                  className="text-xs text-sky-700 underline dark:text-sky-400"
                >
                  Download
                </a>
              </div>
              <p className="truncate text-xs text-stone-500" title={resource.filename}>
                {resource.filename} · {formatBytes(resource.size)}
                {resource.contentType ? ` · ${resource.contentType}` : ''}
              </p>
              {resource !== primary && (
                <p className="truncate font-mono text-[11px] text-stone-500" title={resource.sha256}>
                  SHA-256 {resource.sha256}
                </p>
              )}
              <p className="text-xs text-stone-500">
                Thumbnail: {resource.processing.thumbnail.state ?? 'not needed'} · Metadata:{' '}
                {resource.processing.metadata.state ?? 'not needed'}
              </p>
              {errors.map((error) => (
                <p key={`${error.code}${error.step}`} className="text-xs text-red-600 dark:text-red-400">
                  {error.message}
                </p>
              ))}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
