// A small HTTP/1.1 client on node:http. The benchmark talks to every server the same way (one
// keep-alive connection per simulated phone), so differences come from the servers, not from
// how we call them. Only loopback addresses are ever used.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';

/** One persistent connection, like one phone's URLSession talking to the server. */
export const connection = () => new http.Agent({ keepAlive: true, maxSockets: 1 });

function assertLoopback(url) {
  const { hostname } = new URL(url);
  if (hostname !== '127.0.0.1' && hostname !== 'localhost' && hostname !== '[::1]') {
    throw new Error(`The benchmark only talks to loopback, not ${hostname}.`);
  }
}

/**
 * Sends one request and reads the whole answer. `body` is a Buffer, a string or a Readable
 * (streamed with back-pressure, so a 2 GiB upload never sits in the client's memory).
 * Resolves with the status, headers, body, elapsed milliseconds and the 1xx answers seen.
 * `timeoutMs` ends a request whose socket stays silent that long.
 */
export function request(url, { method = 'GET', headers = {}, body, agent, onSocket, timeoutMs } = {}) {
  assertLoopback(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const informational = [];
    const req = http.request(url, { method, headers, agent: agent ?? false }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          headers: res.headers,
          body: Buffer.concat(chunks),
          ms: performance.now() - started,
          informational,
        }),
      );
    });
    req.on('information', (info) => informational.push(info));
    req.on('error', reject);
    if (timeoutMs !== undefined) {
      req.setTimeout(timeoutMs, () =>
        req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)),
      );
    }
    if (onSocket) req.on('socket', (socket) => onSocket(socket, req));
    if (body === undefined) req.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else pipeline(body, req).catch(reject);
  });
}

/** Like `request`, but a status outside `expected` is an error that shows the server's answer. */
export async function expectStatus(url, options, expected) {
  const response = await request(url, options);
  if (!expected.includes(response.status)) {
    const text = response.body.toString('utf8').slice(0, 300);
    throw new Error(`${options.method ?? 'GET'} ${url} answered ${response.status}: ${text}`);
  }
  return response;
}
