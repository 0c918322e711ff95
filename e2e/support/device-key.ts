import type { APIRequestContext, Page } from '@playwright/test';

/** Adds a device through the dashboard's own API (signed in as the page is) and returns its key. */
export async function addDeviceKey(page: Page, name: string): Promise<{ id: string; apiKey: string }> {
  const response = await page.request.post('/trpc/device.add', {
    data: { name },
    headers: { 'x-keepsake-client': 'web' },
  });
  if (!response.ok()) throw new Error(`device.add answered ${response.status()}: ${await response.text()}`);
  return (await response.json()).result.data;
}

/** Sends a file as a phone does: one PUT with the device key and the Keepsake headers. */
export async function phoneUpload(
  request: APIRequestContext,
  apiKey: string,
  name: string,
  bytes: Buffer,
  headers: Record<string, string> = {},
) {
  return request.put('/api/v1/uploads', {
    data: bytes,
    headers: { authorization: `Bearer ${apiKey}`, 'keepsake-filename': name, ...headers },
  });
}
