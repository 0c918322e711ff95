// check: `POST /api/v1/uploads/check` with 5,000 entries, what a phone sends before creating
// upload jobs, against a library of 100k assets (--large: 1M). Target: p99 < 50 ms. Baseline:
// the minimal server answering the same requests with the same indexed lookups in raw SQL on a
// copy of the same database, so the difference is Keepsake's own cost (routing, validation,
// authentication, the ORM, serialisation).
import fs from 'node:fs';
import path from 'node:path';
import { startMinimal } from '../lib/baselines.mjs';
import { prng } from '../lib/data.mjs';
import { connection, expectStatus } from '../lib/http.mjs';
import { copyDataDir, startKeepsake } from '../lib/keepsake.mjs';
import { Database, seededLibrary } from '../lib/seed.mjs';
import { latency, pairedRatio, round, summary } from '../lib/stats.mjs';
import { liveTable, withRange } from '../lib/table.mjs';

const entriesPerRequest = 5000;
const bodiesPerRun = 10;
// A p99 needs more than 100 samples to be anything but the slowest request: of 60, the quantile
// fell between the two slowest. 200 make it the third slowest.
const requestsPerRun = 200;

export const libraryAssets = ({ large }) => (large ? 1_000_000 : 100_000);

/** The flag that changes this scenario's size; results of each size are kept apart. */
export const sizeFlag = 'large';

export function describe(options) {
  return `${entriesPerRequest.toLocaleString('en')}-entry checks against ${libraryAssets(options).toLocaleString('en')} seeded assets, ${requestsPerRun} requests × ${options.runs ?? 3} runs per system; Keepsake vs minimal server (raw SQL)`;
}

/**
 * Request bodies as a phone would send them: half the entries by content (sha256 + size), half
 * by the phone's asset id and resource type (some with a modification date); 90 % of each are
 * already stored, 10 % are new. Existing entries are drawn at random from the library, so the
 * lookups touch pages all over the indexes.
 */
function makeBodies(dbFile, owner, count) {
  const sqlite = new Database(dbFile, { readonly: true });
  const pool = entriesPerRequest * count;
  const files = sqlite
    .prepare('select sha256, size from files where user_id = ? order by random() limit ?')
    .all(owner.userId, pool);
  const resources = sqlite
    .prepare(
      `select a.device_asset_id as assetId, a.modified_at as modifiedAt, r.type as resourceType
       from assets a join resources r on r.asset_id = a.id where a.device_id = ? order by random() limit ?`,
    )
    .all(owner.deviceId, pool);
  sqlite.close();
  const random = prng(99);
  const hex = () => Array.from({ length: 64 }, () => Math.floor(random() * 16).toString(16)).join('');
  return Array.from({ length: count }, (_, b) => {
    const entries = [];
    for (let i = 0; i < entriesPerRequest; i++) {
      const id = `${b}-${i}`;
      const n = (b * entriesPerRequest + i) >> 1;
      const known = random() < 0.9;
      if (i % 2 === 0) {
        const file = files[n % files.length];
        entries.push(
          known ? { id, sha256: file.sha256, size: file.size } : { id, sha256: hex(), size: 3_000_000 },
        );
      } else {
        const resource = resources[n % resources.length];
        const entry = known
          ? { id, assetId: resource.assetId, resourceType: resource.resourceType }
          : { id, assetId: `${crypto.randomUUID().toUpperCase()}/L0/001`, resourceType: 'photo' };
        if (known && random() < 0.5) entry.modifiedAt = new Date(resource.modifiedAt).toISOString();
        entries.push(entry);
      }
    }
    return JSON.stringify({ entries });
  });
}

/**
 * One batch on a fresh keep-alive connection: a connection left idle while the other system ran
 * may be closed by the server just as we reuse it.
 */
async function timeRequests(server, key, bodies, count) {
  const agent = connection();
  const url = `${server.url}/api/v1/uploads/check`;
  const samples = [];
  const found = [];
  for (let i = 0; i < count; i++) {
    const body = bodies[i % bodies.length];
    const response = await expectStatus(
      url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
        agent,
      },
      [200],
    );
    samples.push(response.ms);
    if (i < bodies.length) found.push(JSON.parse(response.body).results.filter((r) => r.exists).length);
  }
  agent.destroy();
  return { samples, found };
}

export async function run({ large, runs = 3, dir }) {
  const assets = libraryAssets({ large });
  const library = await seededLibrary(assets);
  const ksDir = path.join(dir, 'keepsake');
  const minDir = path.join(dir, 'minimal');
  copyDataDir(library.dataDir, ksDir);
  copyDataDir(library.dataDir, minDir);
  const bodies = makeBodies(path.join(ksDir, 'keepsake.sqlite'), library.owner, bodiesPerRun);
  const key = library.owner.apiKey;

  // A Keepsake that never answers its health check is reported, and the floor still measured.
  const keepsake = await startKeepsake(ksDir, { allowUnhealthy: true });
  const minimal = await startMinimal(path.join(dir, 'minimal-files'), {
    db: path.join(minDir, 'keepsake.sqlite'),
  });
  const servers = keepsake.healthy ? { keepsake, minimal } : { minimal };
  const measured = { keepsake: [], minimal: [] };
  const table = liveTable('check (each run)', [
    { name: 'run', width: 3 },
    { name: 'system', width: 8 },
    { name: 'p50 ms', width: 7 },
    { name: 'p90 ms', width: 7 },
    { name: 'p99 ms', width: 7 },
    { name: 'max ms', width: 7 },
  ]);
  let existing;
  try {
    // Warm-up: the first requests pay for JIT compilation and for reading index pages.
    const answers = {};
    for (const name of Object.keys(servers)) {
      answers[name] = (await timeRequests(servers[name], key, bodies, bodies.length)).found;
    }
    // Both must agree on what exists, or the comparison (and the seeded library) is wrong.
    if (keepsake.healthy && answers.keepsake.join() !== answers.minimal.join()) {
      throw new Error(`Keepsake found ${answers.keepsake} entries, the baseline ${answers.minimal}.`);
    }
    for (let pass = 0; pass < runs; pass++) {
      const names = Object.keys(servers);
      const order = pass % 2 ? [...names].reverse() : names;
      for (const name of order) {
        const { samples } = await timeRequests(servers[name], key, bodies, requestsPerRun);
        const l = latency(samples);
        measured[name].push(l);
        table.row([pass + 1, name, l.p50.toFixed(1), l.p90.toFixed(1), l.p99.toFixed(1), l.max.toFixed(1)]);
      }
    }
    existing = answers.minimal;
  } finally {
    await keepsake.stop();
    await minimal.stop();
    fs.rmSync(ksDir, { recursive: true, force: true });
    fs.rmSync(minDir, { recursive: true, force: true });
  }

  const of = (name, field) => measured[name].map((l) => l[field]);
  const p99 = summary(of('keepsake', 'p99'));
  const never = 'never answered GET /api/health within 60 s';
  const rows = Object.keys(servers).map((name) => [
    name,
    withRange(summary(of(name, 'p50')), ' ms', 1),
    withRange(summary(of(name, 'p90')), ' ms', 1),
    withRange(summary(of(name, 'p99')), ' ms', 1),
    withRange(summary(of(name, 'max')), ' ms', 1),
  ]);
  const p50Ratio = pairedRatio(of('keepsake', 'p50'), of('minimal', 'p50'));
  return {
    options: { large, runs, assets, entriesPerRequest, requestsPerRun },
    headline: [
      {
        measure: `check p99, ${entriesPerRequest.toLocaleString('en')} entries, ${assets.toLocaleString('en')} assets`,
        keepsake: keepsake.healthy ? withRange(p99, ' ms', 1) : never,
        baseline: `minimal ${withRange(summary(of('minimal', 'p99')), ' ms', 1)}`,
        ratio: keepsake.healthy ? `p50 ${withRange(p50Ratio, '×', 2)}` : '',
        target: '< 50 ms',
        met: keepsake.healthy && p99.median < 50,
      },
    ],
    notes: [
      ...(keepsake.healthy
        ? []
        : [`Keepsake ${never} (its event loop stayed blocked), so only the baseline was measured.`]),
      `Library: ${Object.entries(library.stats)
        .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
        .join(
          ', ',
        )}; two people, four devices, 2013–2025, Live Photos and edited photos; SQLite file ${Math.round(library.bytes / 1024 ** 2)} MiB; made by bench/lib/seed.mjs in ${library.seconds} s.`,
      `Each request: ${entriesPerRequest} entries, half by sha256 + size, half by asset id + resource type (half of those with a modification date); 90 % stored, 10 % new. ${bodiesPerRun} different bodies in turn, one request at a time on one keep-alive connection, after ${bodiesPerRun} warm-up requests per system; ${keepsake.healthy ? 'both systems found the same entries' : 'the baseline found'} (${existing.join(', ')} per body).`,
    ],
    tables: [
      {
        title: `Latency per request, medians of ${runs} runs of ${requestsPerRun} requests (range in parentheses)`,
        columns: ['system', 'p50', 'p90', 'p99', 'max'],
        rows,
      },
    ],
    data: {
      keepsake: measured.keepsake.map((l) =>
        Object.fromEntries(Object.entries(l).map(([k, v]) => [k, round(v, 2)])),
      ),
      minimal: measured.minimal.map((l) =>
        Object.fromEntries(Object.entries(l).map(([k, v]) => [k, round(v, 2)])),
      ),
    },
  };
}
