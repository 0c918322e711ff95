import { randomBytes } from 'node:crypto';
import { uploadResultSchema } from '@keepsake/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, browserWithCookie, signIn, trpcErrorCode } from '../testing/browser-session.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { appRouter } from '../trpc/router.js';

// Walks EVERY tRPC procedure and HTTP route: without credentials, with another person's, and
// with a revoked device key. A new procedure or route fails this test until it is listed here
// with what it must do, so nobody adds one without deciding who may call it.

let server: TestServer;
let owner: BrowserSession; // the admin, who owns the fixtures
let stranger: BrowserSession; // a member, who must not see them
let strangerKey: string;
let revokedKey: string;
const fixture = { assetId: '', uploadId: '', deviceId: '', jobId: '', sessionId: '', sha256: '' };

beforeAll(async () => {
  server = await startTestServer();
  owner = await signIn(server.url, server.user.email, server.user.password);
  const other = await server.addUser('stranger@example.com');
  strangerKey = other.deviceKey;
  stranger = await signIn(server.url, 'stranger@example.com', server.user.password);

  const bytes = randomBytes(5000);
  const stored = uploadResultSchema.parse(
    await (
      await fetch(`${server.url}/api/v1/uploads`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${server.user.deviceKey}`, 'keepsake-filename': 'secret.jpg' },
        body: bytes,
      })
    ).json(),
  );
  fixture.assetId = stored.assetId;
  fixture.sha256 = stored.sha256;
  const partial = await fetch(`${server.url}/api/v1/uploads`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.user.deviceKey}`,
      'upload-draft-interop-version': '8',
      'upload-complete': '?0',
      'upload-length': '2000',
    },
    body: randomBytes(1000),
  });
  fixture.uploadId = partial.headers.get('location')!.split('/').pop()!;
  fixture.deviceId = server.user.deviceId;
  const jobs = (await (await owner.query('job.failures', { limit: 10 })).json()) as unknown;
  void jobs;
  const db = (await import('@keepsake/db')).openDatabase(`${server.dataDir}/keepsake.sqlite`);
  fixture.jobId = (db.sqlite.prepare('select id from jobs limit 1').get() as { id: string }).id;
  fixture.sessionId = (
    db.sqlite.prepare('select id from sessions where user_id = ? limit 1').get(server.user.id) as {
      id: string;
    }
  ).id;
  db.close();

  const added = (await (await owner.mutate('device.add', { name: 'To be revoked' })).json()) as {
    result: { data: { id: string; apiKey: string } };
  };
  revokedKey = added.result.data.apiKey;
  expect((await owner.mutate('device.revoke', { deviceId: added.result.data.id })).status).toBe(200);
});
afterAll(async () => server?.close());

async function firstEvents(response: Response): Promise<string> {
  const reader = response.body!.getReader();
  let text = '';
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && !text.includes('error')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString('utf8');
  }
  await reader.cancel();
  return text;
}

type Access = 'public' | 'signed-in' | 'admin';
interface ProcedureRule {
  access: Access;
  /** Input naming the owner's things: called by the stranger it must answer NOT_FOUND. */
  foreign?: () => unknown;
}

const procedures: Record<string, ProcedureRule> = {
  'auth.me': { access: 'public' },
  'auth.login': { access: 'public' },
  'auth.logout': { access: 'signed-in' },
  'auth.sessions': { access: 'signed-in' },
  'auth.revokeSession': { access: 'signed-in', foreign: () => ({ sessionId: fixture.sessionId }) },
  'auth.logoutEverywhere': { access: 'signed-in' },
  'auth.changePassword': { access: 'signed-in' },
  'asset.list': { access: 'signed-in' },
  'device.list': { access: 'signed-in' },
  'device.add': { access: 'signed-in' },
  'device.revoke': { access: 'signed-in', foreign: () => ({ deviceId: fixture.deviceId }) },
  'device.rename': {
    access: 'signed-in',
    foreign: () => ({ deviceId: fixture.deviceId, name: 'mine now' }),
  },
  'job.queues': { access: 'signed-in' },
  'job.failures': { access: 'signed-in' },
  'job.retry': { access: 'signed-in', foreign: () => ({ jobId: fixture.jobId }) },
  'job.retryAll': { access: 'signed-in' },
  'job.pause': { access: 'admin' },
  'job.resume': { access: 'admin' },
  'job.run': { access: 'admin' },
  'job.changes': { access: 'signed-in' },
  'user.list': { access: 'admin' },
  'user.create': { access: 'admin' },
  'user.setQuota': { access: 'admin' },
  // A new server's first visit creates the admin; it refuses once anyone exists.
  'setup.status': { access: 'public' },
  'setup.createAdmin': { access: 'public' },
  'failure.list': { access: 'signed-in' },
  // Bulk and scoped in SQL: another person's ids change nothing (failures/failure-list.test.ts).
  'failure.dismiss': { access: 'signed-in' },
  'failure.restoreDismissed': { access: 'signed-in' },
  'library.list': { access: 'signed-in' },
  'library.facets': { access: 'signed-in' },
  'library.neighbours': { access: 'signed-in', foreign: () => ({ id: fixture.assetId }) },
  'overview.summary': { access: 'signed-in' },
  'overview.history': { access: 'signed-in' },
  'overview.devices': { access: 'signed-in' },
  'upload.activity': { access: 'signed-in' },
};

const allProcedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
);

describe('every tRPC procedure', () => {
  it('is listed here with who may call it', () => {
    expect(allProcedures.map(([path]) => path).sort()).toEqual(Object.keys(procedures).sort());
  });

  const call = (session: BrowserSession, path: string, type: string, input?: unknown) =>
    type === 'query' || type === 'subscription' ? session.query(path, input) : session.mutate(path, input);

  it.each(allProcedures.filter(([path]) => procedures[path]?.access !== 'public'))(
    '%s refuses a caller who is not signed in',
    async (path, procedure) => {
      const response = await call(browserWithCookie(server.url, ''), path, procedure._def.type);
      if (procedure._def.type === 'subscription') {
        // Server-sent events: the refusal arrives as the stream's first event.
        expect(await firstEvents(response)).toContain('UNAUTHENTICATED');
        return;
      }
      expect(response.status).toBe(401);
      expect(await trpcErrorCode(response)).toBe('UNAUTHENTICATED');
    },
  );

  it.each(allProcedures.filter(([path]) => procedures[path]?.access === 'admin'))(
    '%s refuses a member',
    async (path, procedure) => {
      const response = await call(stranger, path, procedure._def.type, {});
      expect(response.status).toBe(403);
    },
  );

  it.each(allProcedures.filter(([path]) => procedures[path]?.foreign))(
    "%s answers NOT_FOUND for another person's things",
    async (path, procedure) => {
      const response = await call(stranger, path, procedure._def.type, procedures[path]!.foreign!());
      expect(response.status).toBe(404);
      expect(await trpcErrorCode(response)).toBe('NOT_FOUND');
    },
  );

  it("lists show nothing of another person's", async () => {
    const assets = JSON.stringify(await (await stranger.query('asset.list', { limit: 100 })).json());
    const devices = JSON.stringify(await (await stranger.query('device.list')).json());
    const failures = JSON.stringify(await (await stranger.query('job.failures', { limit: 100 })).json());
    expect(assets).not.toContain(fixture.assetId);
    expect(devices).not.toContain(fixture.deviceId);
    expect(failures).not.toContain(fixture.jobId);
  });
});

interface RouteRule {
  public?: true;
  /** Path with the owner's ids filled in. */
  path: () => string;
  /** What the stranger's key must get: 404 for the owner's things, or a check of its own. */
  stranger?: number | ((response: Response) => Promise<void>);
  body?: () => Uint8Array | string;
  headers?: Record<string, string>;
}

const routes: Record<string, RouteRule> = {
  'GET /api/health': { public: true, path: () => '/api/health' },
  'GET /api/v1/openapi.json': { public: true, path: () => '/api/v1/openapi.json' },
  'OPTIONS /api/v1/uploads': { public: true, path: () => '/api/v1/uploads' },
  'POST /api/v1/uploads': { path: () => '/api/v1/uploads', body: () => randomBytes(10) },
  'PUT /api/v1/uploads': { path: () => '/api/v1/uploads', body: () => randomBytes(10) },
  'POST /api/v1/uploads/check': {
    path: () => '/api/v1/uploads/check',
    headers: { 'content-type': 'application/json' },
    body: () => JSON.stringify({ entries: [{ id: '1', sha256: fixture.sha256 }] }),
    stranger: async (response) => {
      // The owner's bytes are not "already there" for anyone else.
      expect(await response.json()).toEqual({ results: [{ id: '1', exists: false }] });
    },
  },
  'HEAD /api/v1/uploads/:uploadId': { path: () => `/api/v1/uploads/${fixture.uploadId}`, stranger: 404 },
  'GET /api/v1/uploads/:uploadId': { path: () => `/api/v1/uploads/${fixture.uploadId}`, stranger: 404 },
  'PATCH /api/v1/uploads/:uploadId': {
    path: () => `/api/v1/uploads/${fixture.uploadId}`,
    headers: { 'upload-offset': '1000', 'upload-complete': '?0', 'upload-draft-interop-version': '8' },
    body: () => randomBytes(10),
    stranger: 404,
  },
  'DELETE /api/v1/uploads/:uploadId': { path: () => `/api/v1/uploads/${fixture.uploadId}`, stranger: 404 },
  'GET /api/v1/assets': {
    path: () => '/api/v1/assets',
    stranger: async (response) => {
      expect(JSON.stringify(await response.json())).not.toContain(fixture.assetId);
    },
  },
  'GET /api/v1/assets/:assetId': { path: () => `/api/v1/assets/${fixture.assetId}`, stranger: 404 },
  'GET /api/v1/assets/:assetId/thumbnail': {
    path: () => `/api/v1/assets/${fixture.assetId}/thumbnail`,
    stranger: 404,
  },
  'GET /api/v1/assets/:assetId/preview': {
    path: () => `/api/v1/assets/${fixture.assetId}/preview`,
    stranger: 404,
  },
  'GET /api/v1/assets/:assetId/original': {
    path: () => `/api/v1/assets/${fixture.assetId}/original`,
    stranger: 404,
  },
};

/** Every "METHOD /path" the server answers, read from Fastify's own route tree. */
function registeredRoutes(): string[] {
  const tree = server.keepsake.http.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const found: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('');
    // tRPC has its own walk above; '*' (or '/' before the dashboard is built) is the dashboard.
    if (path.startsWith('/trpc/') || path === '*' || path === '/') continue;
    // Fastify lists the HEAD it adds for each GET right after it; a HEAD declared on purpose
    // (the resumption point) comes first.
    const methods = match[3]!.split(', ');
    methods.forEach((method, i) => {
      if (!(method === 'HEAD' && methods[i - 1] === 'GET')) found.push(`${method} ${path}`);
    });
  }
  return found.sort();
}

describe('every HTTP route', () => {
  it('is listed here with who may call it', () => {
    const registered = registeredRoutes();
    expect({
      unlisted: registered.filter((r) => !routes[r]),
      gone: Object.keys(routes).filter((r) => !registered.includes(r)),
    }).toEqual({
      unlisted: [],
      gone: [],
    });
  });

  const send = (name: string, key: string | undefined) => {
    const [method] = name.split(' ');
    const rule = routes[name]!;
    return fetch(`${server.url}${rule.path()}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(rule.headers ?? {}) },
      ...(rule.body ? { body: rule.body() } : {}),
    });
  };
  const guarded = Object.keys(routes).filter((name) => !routes[name]!.public);

  it.each(guarded)('%s refuses a caller without credentials (401)', async (name) => {
    expect((await send(name, undefined)).status).toBe(401);
  });

  it.each(guarded)('%s refuses a revoked device key (401)', async (name) => {
    expect((await send(name, revokedKey)).status).toBe(401);
  });

  it.each(guarded.filter((name) => routes[name]!.stranger !== undefined))(
    "%s does not let another person see or touch the owner's things",
    async (name) => {
      const response = await send(name, strangerKey);
      const expected = routes[name]!.stranger!;
      if (typeof expected === 'number') expect(response.status).toBe(expected);
      else await expected(response);
    },
  );

  it.each(Object.keys(routes).filter((name) => routes[name]!.public))('%s is public', async (name) => {
    expect((await send(name, undefined)).status).toBeLessThan(300);
  });
});
