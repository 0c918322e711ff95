'use client';

import type { AssetDetail } from '@keepsake/shared';
import { useEffect, useRef, useState } from 'react';
import { assetUrls } from '~/lib/asset-detail';
import { thumbhashUrl } from '~/lib/thumbhash-url';

/**
 * The asset itself (keyed by the asset's id and whether its thumbnail exists, so its state
 * starts fresh for each): the preview for a photo, the player for a video, and for a Live Photo the
 * still with its motion played while the pointer rests on it or the LIVE button is held.
 */
export function AssetMedia({ asset }: { asset: AssetDetail }) {
  const urls = assetUrls(asset.id);
  // Until processing made the thumbnail there is nothing to load; the page re-renders this
  // component (keyed by readiness) once the asset's detail says it is there.
  const [source, setSource] = useState<'preview' | 'thumbnail' | 'none'>(
    asset.thumbnail.url ? 'preview' : 'none',
  );
  const placeholder = thumbhashUrl(asset.thumbhash);
  const motion = asset.resources.find((r) => r.type === 'pairedVideo' || r.type === 'fullSizePairedVideo');
  const [playing, setPlaying] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    if (playing) {
      element.currentTime = 0;
      void element.play().catch(() => setPlaying(false));
    } else element.pause();
  }, [playing]);

  const frame =
    'relative flex h-[min(75vh,900px)] w-full items-center justify-center overflow-hidden rounded-xl bg-stone-900';
  if (asset.kind === 'video') {
    return (
      <div className={frame}>
        {/* biome-ignore lint/a11y/useMediaCaption: personal videos have no caption track */}
        <video
          key={asset.id}
          src={urls.play()}
          poster={asset.thumbnail.url ? urls.preview : undefined}
          controls
          playsInline
          preload="metadata"
          className="max-h-full max-w-full"
          data-testid="asset-video"
        />
      </div>
    );
  }
  const still =
    source === 'none' ? null : (
      // biome-ignore lint/performance/noImgElement: a static export has no image optimiser; the preview is already sized
      <img
        key={`${asset.id}-${source}`}
        src={source === 'preview' ? urls.preview : urls.thumbnail}
        alt={asset.filename}
        className="max-h-full max-w-full object-contain"
        data-testid="asset-image"
        onError={() => setSource(source === 'preview' ? 'thumbnail' : 'none')}
      />
    );
  return (
    // Hovering plays the motion; the LIVE button does the same by keyboard and touch.
    <div
      className={frame}
      style={
        placeholder
          ? { backgroundImage: `url(${placeholder})`, backgroundSize: 'cover', backgroundPosition: 'center' }
          : undefined
      }
      onPointerEnter={() => motion && setPlaying(true)}
      onPointerLeave={() => motion && setPlaying(false)}
    >
      {still ?? (
        <p className="px-4 text-center text-sm text-stone-300">
          {asset.thumbnail.url
            ? 'The preview could not be loaded. Reload the page to try again.'
            : asset.thumbnail.state === 'failed'
              ? 'No preview could be made of this file (see Failures). The original is stored: download it above.'
              : 'The preview is still being made. It appears here in a moment.'}
        </p>
      )}
      {motion && (
        <>
          <video
            ref={video}
            src={urls.play(motion.id)}
            muted
            playsInline
            loop
            preload="none"
            className={`pointer-events-none absolute inset-0 m-auto max-h-full max-w-full transition-opacity ${playing ? 'opacity-100' : 'opacity-0'}`}
            data-testid="live-motion"
          />
          <button
            type="button"
            aria-pressed={playing}
            onPointerDown={() => setPlaying(true)}
            onPointerUp={() => setPlaying(false)}
            onKeyDown={(e) => {
              if (e.key === ' ' || e.key === 'Enter') {
                e.preventDefault();
                setPlaying(true);
              }
            }}
            onKeyUp={() => setPlaying(false)}
            onBlur={() => setPlaying(false)}
            className="absolute top-3 left-3 rounded-full bg-black/60 px-2.5 py-1 text-xs font-semibold tracking-wide text-white focus-visible:outline-2 focus-visible:outline-white"
          >
            LIVE
          </button>
        </>
      )}
    </div>
  );
}
