import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** 1xx answers seen before the final one (e.g. 104 Upload Resumption Supported). */
  informational: { status: number; headers: Record<string, string> }[];
}

/**
 * A request over node:http, which (unlike fetch) reports 1xx informational responses and lets a
 * test cut the connection half-way through the body.
 */
export function rawRequest(
  url: string,
  options: {
    method: string;
    headers?: Record<string, string | number>;
    body?: Buffer;
    /** Send only this many body bytes, wait, then drop the connection. */
    cutAfter?: number;
    /** What to wait for before dropping (given the 1xx answers so far); 300 ms by default. */
    cutWhen?: (informational: RawResponse['informational']) => Promise<void>;
  },
): Promise<RawResponse | { cut: true; informational: RawResponse['informational'] }> {
  return new Promise((resolve, reject) => {
    const informational: RawResponse['informational'] = [];
    const request = http.request(url, { method: options.method, headers: options.headers });
    request.on('information', (info) => {
      informational.push({ status: info.statusCode, headers: info.headers as Record<string, string> });
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          informational,
        }),
      );
    });
    request.on('error', (error) => {
      if (options.cutAfter !== undefined) return;
      reject(error);
    });
    if (options.cutAfter !== undefined && options.body) {
      request.write(options.body.subarray(0, options.cutAfter), () => {
        // Let the server write what it received, then vanish like a phone going offline.
        const wait = options.cutWhen?.(informational) ?? new Promise((done) => setTimeout(done, 300));
        wait.then(
          () => {
            request.destroy();
            resolve({ cut: true, informational });
          },
          (error: unknown) => {
            request.destroy();
            reject(error);
          },
        );
      });
      return;
    }
    request.end(options.body);
  });
}

export function isCut(
  response: RawResponse | { cut: true },
): response is { cut: true; informational: RawResponse['informational'] } {
  return 'cut' in response;
}
