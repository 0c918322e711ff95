import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe('GET /api/v1/openapi.json', () => {
  it('describes every upload route with schemas generated from the wire contracts', async () => {
    const response = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: a JSON document walked by path in a test
    const doc: any = await response.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/uploads', '/api/v1/uploads/check', '/api/v1/uploads/{uploadId}']),
    );
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/assets',
        '/api/v1/assets/{assetId}',
        '/api/v1/assets/{assetId}/thumbnail',
        '/api/v1/assets/{assetId}/preview',
        '/api/v1/assets/{assetId}/original',
      ]),
    );
    expect(Object.keys(doc.paths['/api/v1/uploads/{uploadId}'])).toEqual(
      expect.arrayContaining(['head', 'patch', 'delete', 'get']),
    );
    expect(doc.components.schemas.UploadResult.required).toEqual(
      expect.arrayContaining(['assetId', 'resourceId', 'status', 'sha256', 'size']),
    );
    const check = doc.paths['/api/v1/uploads/check'].post.requestBody.content['application/json'].schema;
    expect(check.properties.entries.maxItems).toBe(5000);
  });
});
