'use client';

import { useEffect, useState } from 'react';

/** While the list is being flung, a tile must stay this long on screen before it asks. */
const patienceMs = 600;

/**
 * Whether a grid tile may load its thumbnail now. Flinging through the library mounts and drops
 * thousands of tiles in seconds; had each asked at once, those loads would queue up and the
 * tiles where the scrolling stopped would wait behind them. So a tile asks once the scrolling
 * stops, or once it has stayed on screen a while during a slow scroll.
 */
export function useThumbnailWanted(scrolling: boolean): boolean {
  // A tile drawn while the list stands still asks at once, without a render to decide it.
  const [wanted, setWanted] = useState(!scrolling);
  useEffect(() => {
    if (!scrolling) {
      setWanted(true);
      return;
    }
    const timer = setTimeout(() => setWanted(true), patienceMs);
    return () => clearTimeout(timer);
  }, [scrolling]);
  return wanted;
}

/**
 * A thumbnail `<img>`'s ref: when its tile leaves the page, the load stops. Without a source the
 * image has no reader left, and Chromium cancels a load nobody reads; a detached `<img>` would
 * go on loading until it is garbage collected.
 */
export function stopLoadingOnUnmount(img: HTMLImageElement | null): (() => void) | undefined {
  if (!img) return undefined;
  return () => img.removeAttribute('src');
}
