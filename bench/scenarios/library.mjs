// library: the dashboard's next page of 200 assets (`library.list` over tRPC, with the session
// cookie, exactly as the Library page asks), newest first and with each of the Library's filters,
// against 100k seeded assets (--large: 1M). Target: p99 < 20 ms. Baseline in the same run: the
// minimal server answering the same pages with the same queries in raw SQL on a copy of the same
// database (bench/baselines/library-page.mjs), so the difference is Keepsake's own cost.
import fs from 'node:fs';
import path from 'node:path';
import { startMinimal } from '../lib/baselines.mjs';
import { connection, expectStatus } from '../lib/http.mjs';
import { copyDataDir, owner, startKeepsake } from '../lib/keepsake.mjs';
import { Database, seededLibrary } from '../lib/seed.mjs';
import { latency, pairedRatio, round, summary } from '../lib/stats.mjs';
import { liveTable, withRange } from '../lib/table.mjs';
import { libraryAssets } from './check.mjs';

const pageSize = 200;
const pagesPerCase = 40;

/** The flag that changes this scenario's size; results of each size are kept apart. */
export const sizeFlag = 'large';

export function describe(options) {
  return `next page of ${pageSize} from ${libraryAssets(options).toLocaleString('en')} seeded assets, newest first and with each filter, ${pagesPerCase} pages × ${options.runs ?? 3} runs per case and system; Keepsake (tRPC library.list) vs minimal server (raw SQL)`;
}

/**
 * What a person filters by, with values the seeded library holds. The file name search looks for
 * one of 9,999 names, so it matches few assets and has to look at many: the slowest case.
 */
function cases(sqlite, owner) {
  const camera = sqlite
    .prepare(
      'select make, model from assets where user_id = ? group by make, model order by count(*) desc limit 1 offset 1',
    )
    .get(owner.userId);
  return {
    'newest first': {},
    videos: { kind: 'video' },
    'Live Photos': { kind: 'livePhoto' },
    'one device': { deviceId: owner.deviceId },
    'one year': { from: '2019-01-01T00:00:00Z', to: '2020-01-01T00:00:00Z' },
    camera: { make: camera.make, model: camera.model },
    'file name': { search: 'IMG_1234' },
  };
}

/**
 * "The next page": cursors at random depths of the library (a person scrolls anywhere), the
 * first page among them. Drawn from the whole library, so a filtered page starts anywhere too.
 */
function cursors(sqlite, owner, count) {
  const rows = sqlite
    .prepare('select sort_at as sortAt, id from assets where user_id = ? order by random() limit ?')
    .all(owner.userId, count - 1);
  return [null, ...rows.map((r) => Buffer.from(`${r.sortAt}:${r.id}`).toString('base64url'))];
}

/** The dashboard's session: the Library page asks with its cookie, not a device key. */
async function signIn(server) {
  const response = await expectStatus(
    `${server.url}/trpc/auth.login`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-keepsake-client': 'bench' },
      body: JSON.stringify({ email: owner.email, password: owner.password }),
    },
    [200],
  );
  const cookie = [response.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]);
  if (!cookie.length) throw new Error('Signing in to Keepsake set no session cookie.');
  return cookie.join('; ');
}

/** Where each system answers a page, and how its answer reads. */
function pageRequest(server, auth, input) {
  const encoded = encodeURIComponent(JSON.stringify(input));
  return server.name === 'keepsake'
    ? {
        url: `${server.url}/trpc/library.list?input=${encoded}`,
        headers: { cookie: auth.cookie },
        read: (body) => JSON.parse(body).result.data,
      }
    : {
        url: `${server.url}/library?input=${encoded}`,
        headers: { authorization: `Bearer ${auth.key}` },
        read: (body) => JSON.parse(body),
      };
}

async function timePages(server, auth, filter, starts) {
  const agent = connection();
  const samples = [];
  const shapes = [];
  for (const cursor of starts) {
    const request = pageRequest(server, auth, { limit: pageSize, cursor, filter });
    const response = await expectStatus(request.url, { headers: request.headers, agent }, [200]);
    samples.push(response.ms);
    const page = request.read(response.body.toString('utf8'));
    shapes.push(`${page.items.length}:${page.items[0]?.id ?? ''}:${page.nextCursor ?? ''}`);
  }
  agent.destroy();
  return { samples, shapes };
}

export async function run({ large, runs = 3, dir }) {
  const assets = libraryAssets({ large });
  const library = await seededLibrary(assets);
  const ksDir = path.join(dir, 'keepsake');
  const minDir = path.join(dir, 'minimal');
  copyDataDir(library.dataDir, ksDir);
  copyDataDir(library.dataDir, minDir);
  const sqlite = new Database(path.join(ksDir, 'keepsake.sqlite'), { readonly: true });
  const filters = cases(sqlite, library.owner);
  const starts = cursors(sqlite, library.owner, pagesPerCase);
  sqlite.close();

  const keepsake = await startKeepsake(ksDir);
  const minimal = await startMinimal(path.join(dir, 'minimal-files'), {
    db: path.join(minDir, 'keepsake.sqlite'),
  });
  const servers = { keepsake, minimal };
  const auth = { cookie: await signIn(keepsake), key: library.owner.apiKey };
  const measured = Object.fromEntries(Object.keys(filters).map((c) => [c, { keepsake: [], minimal: [] }]));
  const table = liveTable('library (each run)', [
    { name: 'run', width: 3 },
    { name: 'case', width: 12 },
    { name: 'system', width: 8 },
    { name: 'p50 ms', width: 7 },
    { name: 'p99 ms', width: 7 },
    { name: 'max ms', width: 7 },
  ]);
  try {
    for (const [name, filter] of Object.entries(filters)) {
      // Warm-up, and proof that both systems answer the same pages.
      const keepsakePages = (await timePages(keepsake, auth, filter, starts)).shapes;
      const minimalPages = (await timePages(minimal, auth, filter, starts)).shapes;
      if (keepsakePages.join() !== minimalPages.join()) {
        throw new Error(`Keepsake and the baseline answered different pages for "${name}".`);
      }
    }
    for (let pass = 0; pass < runs; pass++) {
      for (const [name, filter] of Object.entries(filters)) {
        const order = pass % 2 ? ['minimal', 'keepsake'] : ['keepsake', 'minimal'];
        for (const system of order) {
          const l = latency((await timePages(servers[system], auth, filter, starts)).samples);
          measured[name][system].push(l);
          table.row([pass + 1, name, system, l.p50.toFixed(1), l.p99.toFixed(1), l.max.toFixed(1)]);
        }
      }
    }
  } finally {
    await keepsake.stop();
    await minimal.stop();
    fs.rmSync(ksDir, { recursive: true, force: true });
    fs.rmSync(minDir, { recursive: true, force: true });
  }

  const of = (name, system, field) => measured[name][system].map((l) => l[field]);
  const headlineCase = (name) => {
    const p99 = summary(of(name, 'keepsake', 'p99'));
    return {
      measure: `library page p99, ${name}, ${assets.toLocaleString('en')} assets`,
      keepsake: withRange(p99, ' ms', 1),
      baseline: `minimal ${withRange(summary(of(name, 'minimal', 'p99')), ' ms', 1)}`,
      ratio: `p50 ${withRange(pairedRatio(of(name, 'keepsake', 'p50'), of(name, 'minimal', 'p50')), '×', 2)}`,
      target: '< 20 ms',
      met: p99.median < 20,
    };
  };
  const slowest = Object.keys(filters).reduce((worst, name) =>
    summary(of(name, 'keepsake', 'p99')).median > summary(of(worst, 'keepsake', 'p99')).median ? name : worst,
  );
  const filtered = Object.keys(filters)
    .filter((name) => name !== 'newest first')
    .reduce((worst, name) =>
      name !== 'file name' &&
      summary(of(name, 'keepsake', 'p99')).median > summary(of(worst, 'keepsake', 'p99')).median
        ? name
        : worst,
    );
  return {
    options: { large, runs, assets, pageSize, pagesPerCase },
    headline: [...new Set(['newest first', filtered, slowest])].map(headlineCase),
    notes: [
      `Library: ${Object.entries(library.stats)
        .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
        .join(', ')}; made by bench/lib/seed.mjs.`,
      `Each case: ${pagesPerCase} pages of ${pageSize} one after another on one keep-alive connection, starting at the newest asset and at ${pagesPerCase - 1} random places in the library (the same for both systems); Keepsake is asked through tRPC with the session cookie, as the Library page asks, the minimal server with the device key. Both answered the same pages in the warm-up.`,
      `Filters: ${Object.entries(filters)
        .map(([name, filter]) => `${name} ${JSON.stringify(filter)}`)
        .join('; ')}.`,
    ],
    tables: [
      {
        title: `Latency per page, medians of ${runs} runs (range in parentheses)`,
        columns: ['case', 'Keepsake p50', 'Keepsake p99', 'minimal p50', 'minimal p99', 'p50 ratio'],
        rows: Object.keys(filters).map((name) => [
          name,
          withRange(summary(of(name, 'keepsake', 'p50')), ' ms', 1),
          withRange(summary(of(name, 'keepsake', 'p99')), ' ms', 1),
          withRange(summary(of(name, 'minimal', 'p50')), ' ms', 1),
          withRange(summary(of(name, 'minimal', 'p99')), ' ms', 1),
          withRange(pairedRatio(of(name, 'keepsake', 'p50'), of(name, 'minimal', 'p50')), '×', 2),
        ]),
      },
    ],
    data: Object.fromEntries(
      Object.entries(measured).map(([name, systems]) => [
        name,
        Object.fromEntries(
          Object.entries(systems).map(([system, runs]) => [
            system,
            runs.map((l) => Object.fromEntries(Object.entries(l).map(([k, v]) => [k, round(v, 2)]))),
          ]),
        ),
      ]),
    ),
  };
}
