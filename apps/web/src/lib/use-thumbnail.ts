'use client';

import { useEffect, useState } from 'react';
import { firstScreenDrawn } from './first-screen';

/** While the list is being flung, a tile must stay this long on screen before it asks. */
const patienceMs = 600;

/**
 * A grid thumbnail fetched so it can be cancelled. Flinging through the library mounts and drops
 * thousands of tiles in seconds; an `<img>` keeps loading after it leaves the page, so those
 * loads queued up and the tiles where the scrolling stopped waited behind them. Here a tile asks
 * once the scrolling stops (or it stays on screen a while during a slow scroll), and a tile that
 * leaves cancels its request.
 */
export function useThumbnail(url: string | null, scrolling: boolean): string | null {
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

  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    if (!url || !wanted) return;
    const controller = new AbortController();
    let objectUrl: string | undefined;
    // Normal priority: Chromium holds low-priority requests back while a page is still loading,
    // which kept the first screen's thumbnails waiting ~0.5 s after their tiles were drawn.
    fetch(url, { signal: controller.signal })
      .then((response) =>
        response.ok ? response.blob() : Promise.reject(new Error(String(response.status))),
      )
      .then((blob) => {
        objectUrl = URL.createObjectURL(blob);
        setSrc(objectUrl);
        firstScreenDrawn();
      })
      // A tile without its thumbnail keeps its ThumbHash; the next visit asks again.
      .catch(() => undefined);
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url, wanted]);
  return src;
}
