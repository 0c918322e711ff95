import type { AssetDetail, ErrorBody } from '@keepsake/shared';

/**
 * An asset's metadata comes from the device API (`GET /api/v1/assets/{id}`), which also takes
 * the dashboard's session cookie: one description of an asset for phones and browsers alike.
 *
 * The answer is typed, not parsed: @keepsake/shared's schemas cannot be bundled by Turbopack yet
 * (their imports name '.js' files, vercel/next.js#82945), so the web imports only its types.
 */
export async function fetchAssetDetail(id: string, signal?: AbortSignal): Promise<AssetDetail> {
  const response = await fetch(`/api/v1/assets/${encodeURIComponent(id)}`, signal ? { signal } : {});
  const body = (await response.json().catch(() => null)) as AssetDetail | ErrorBody | null;
  if (!response.ok || !body || 'error' in body) {
    const message = body && 'error' in body ? body.error.message : undefined;
    throw new Error(message ?? `The server answered ${response.status}; reload to try again.`);
  }
  return body;
}

export const assetUrls = (id: string) => ({
  preview: `/api/v1/assets/${id}/preview`,
  thumbnail: `/api/v1/assets/${id}/thumbnail`,
  original: `/api/v1/assets/${id}/original`,
  /** Streamed inline (with Range) for <video>, rather than as a download. */
  play: (resourceId?: string) =>
    `/api/v1/assets/${id}/original?download=0${resourceId ? `&resource=${encodeURIComponent(resourceId)}` : ''}`,
  download: (resourceId?: string) =>
    `/api/v1/assets/${id}/original${resourceId ? `?resource=${encodeURIComponent(resourceId)}` : ''}`,
});
