import { useEffect, useState } from 'react';
import { thumbHashToAverageRGBA, thumbHashToDataURL } from 'thumbhash';

const bytes = (hash: string) => Uint8Array.from(atob(hash), (c) => c.charCodeAt(0));

const colours = new Map<string, string>();
const urls = new Map<string, string>();

/** Both caches are bounded for very long scrolls. */
function remember(cache: Map<string, string>, hash: string, value: string): void {
  if (cache.size > 3000) cache.clear();
  cache.set(hash, value);
}

/**
 * A ThumbHash's average colour as CSS: a few multiplications, so every tile has it in its first
 * frame.
 */
export function thumbhashColour(hash: string | null): string | undefined {
  if (!hash) return undefined;
  let colour = colours.get(hash);
  if (colour === undefined) {
    try {
      const { r, g, b } = thumbHashToAverageRGBA(bytes(hash));
      colour = `rgb(${Math.round(r * 255)} ${Math.round(g * 255)} ${Math.round(b * 255)})`;
    } catch {
      colour = '';
    }
    remember(colours, hash, colour);
  }
  return colour || undefined;
}

/**
 * The blurred placeholder painted before a thumbnail arrives: decoding makes a small PNG, a few
 * ms each on a small machine, so each hash is decoded once.
 */
export function thumbhashUrl(hash: string | null): string | undefined {
  if (!hash) return undefined;
  let url = urls.get(hash);
  if (url === undefined) {
    try {
      url = thumbHashToDataURL(bytes(hash));
    } catch {
      url = '';
    }
    remember(urls, hash, url);
  }
  return url || undefined;
}

/**
 * A grid tile's blurred placeholder, decoded when the browser is idle and only while `wanted`
 * (its thumbnail has not arrived). Decoded while drawing, a first screen of thirty-odd distinct
 * hashes held back its own first frame, and with it the thumbnails' requests, by ~0.1 s on two
 * cores; until its blur is ready a tile shows the hash's average colour.
 */
export function useThumbhashBlur(hash: string | null, wanted: boolean): string | undefined {
  // Kept with its hash: the cache may be cleared after a long scroll, and a tile's hash may change.
  const [decoded, setDecoded] = useState<{ hash: string; url: string | undefined }>();
  useEffect(() => {
    if (!hash || !wanted || urls.has(hash)) return;
    return whenIdle(() => setDecoded({ hash, url: thumbhashUrl(hash) }));
  }, [hash, wanted]);
  if (!hash) return undefined;
  return urls.get(hash) || (decoded?.hash === hash ? decoded.url : undefined);
}

type Decode = () => void;
const queue = new Set<Decode>();
let scheduled = false;

/** Runs `decode` in an idle moment, a few at a time; the returned function cancels it. */
function whenIdle(decode: Decode): () => void {
  queue.add(decode);
  if (!scheduled) {
    scheduled = true;
    idle(drain);
  }
  return () => queue.delete(decode);
}

function drain(deadline?: IdleDeadline) {
  scheduled = false;
  // Without requestIdleCallback (Safari), a slice of about half a frame.
  const until = performance.now() + (deadline ? deadline.timeRemaining() : 8);
  for (const decode of queue) {
    queue.delete(decode);
    decode();
    if (performance.now() >= until) break;
  }
  if (queue.size && !scheduled) {
    scheduled = true;
    idle(drain);
  }
}

const idle = (run: (deadline?: IdleDeadline) => void) => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 500 });
  else setTimeout(run, 16);
};
