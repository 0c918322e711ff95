import { thumbHashToDataURL } from 'thumbhash';

const cache = new Map<string, string>();

/**
 * The blurred placeholder painted before a thumbnail arrives. Decoding makes a small PNG, so
 * each hash is decoded once; the cache is bounded for very long scrolls.
 */
export function thumbhashUrl(hash: string | null): string | undefined {
  if (!hash) return undefined;
  let url = cache.get(hash);
  if (url === undefined) {
    try {
      url = thumbHashToDataURL(Uint8Array.from(atob(hash), (c) => c.charCodeAt(0)));
    } catch {
      url = '';
    }
    if (cache.size > 3000) cache.clear();
    cache.set(hash, url);
  }
  return url || undefined;
}
