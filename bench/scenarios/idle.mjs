// idle: what Keepsake costs while nobody uploads, with a 100k-asset library (--large: 1M):
// resident memory after start (target < 150 MiB; Immich documents 6 GB of RAM as its minimum)
// and the CPU it burns doing nothing (background polling would show up here). Baseline: the
// minimal server with the same database open.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startMinimal } from '../lib/baselines.mjs';
import { copyDataDir, startKeepsake } from '../lib/keepsake.mjs';
import { cpuSeconds, rssBytes } from '../lib/proc.mjs';
import { seededLibrary } from '../lib/seed.mjs';
import { round, summary } from '../lib/stats.mjs';
import { liveTable, withRange } from '../lib/table.mjs';
import { libraryAssets } from './check.mjs';

const targetMiB = 150;
// The server starts its checkpoint thread 5 s after it is up (keepsake.ts), and V8 collects the
// start-up's garbage some seconds after that: the window begins after both, so it measures a
// server at rest with everything it keeps running.
const settleMs = 20_000;
const windowMs = 10_000;
const MiB = 1024 ** 2;

/** The flag that changes this scenario's size; results of each size are kept apart. */
export const sizeFlag = 'large';

export function describe(options) {
  return `RSS and CPU of an idle server with ${libraryAssets(options).toLocaleString('en')} seeded assets, ${options.runs ?? 3} runs; Keepsake vs minimal server`;
}

export async function run({ large, runs = 3, dir }) {
  const assets = libraryAssets({ large });
  const library = await seededLibrary(assets);
  const dataDir = path.join(dir, 'data');
  copyDataDir(library.dataDir, dataDir);
  const measured = { keepsake: [], minimal: [] };
  const table = liveTable('idle (each run)', [
    { name: 'run', width: 3 },
    { name: 'system', width: 8 },
    { name: 'RSS', width: 9 },
    { name: 'idle CPU', width: 8 },
  ]);
  for (let pass = 0; pass < runs; pass++) {
    const order = pass % 2 ? ['minimal', 'keepsake'] : ['keepsake', 'minimal'];
    for (const name of order) {
      const server =
        name === 'keepsake'
          ? await startKeepsake(dataDir, { allowUnhealthy: true })
          : await startMinimal(path.join(dir, 'minimal-files'), {
              db: path.join(dataDir, 'keepsake.sqlite'),
            });
      try {
        // Let start-up work finish (migrations, upload expiry, the job runner's first look).
        await sleep(settleMs);
        const cpuBefore = cpuSeconds(server.pid);
        await sleep(windowMs);
        const cpuPercent = ((cpuSeconds(server.pid) - cpuBefore) / (windowMs / 1000)) * 100;
        const rss = rssBytes(server.pid);
        // A server that never answered its health check is still measured: what it burns while
        // stuck is the finding.
        const healthy = server.healthy !== false;
        measured[name].push({ rss, cpuPercent, healthy });
        table.row([
          pass + 1,
          name,
          `${(rss / MiB).toFixed(1)} MiB`,
          `${cpuPercent.toFixed(2)} %${healthy ? '' : ' (never healthy)'}`,
        ]);
      } finally {
        await server.stop();
        fs.rmSync(server.logFile, { force: true });
      }
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });

  const rss = (name) => summary(measured[name].map((m) => m.rss / MiB));
  const cpu = (name) => summary(measured[name].map((m) => m.cpuPercent));
  const ks = rss('keepsake');
  const unhealthy = measured.keepsake.filter((m) => !m.healthy).length;
  return {
    options: { large, runs, assets, settleMs, windowMs },
    headline: [
      {
        measure: `idle RSS, ${assets.toLocaleString('en')} assets`,
        keepsake: withRange(ks, ' MiB', 1),
        baseline: `minimal ${withRange(rss('minimal'), ' MiB', 1)}; Immich's documented minimum 6 GB RAM`,
        ratio: `${(ks.median / rss('minimal').median).toFixed(2)}× minimal`,
        target: `< ${targetMiB} MiB`,
        met: ks.max < targetMiB,
      },
      {
        measure: 'idle CPU',
        keepsake: withRange(cpu('keepsake'), ' % of a core', 2),
        baseline: `minimal ${withRange(cpu('minimal'), ' %', 2)}`,
      },
    ],
    notes: [
      ...(unhealthy
        ? [
            `Keepsake did not answer \`GET /api/health\` within 60 s in ${unhealthy} of ${runs} runs; its memory and CPU were measured all the same, from 60 s after the start.`,
          ]
        : []),
      `VmRSS of the server process ${settleMs / 1000} s after it answered its first health check plus a ${windowMs / 1000} s idle window over which its CPU time is measured; no requests in that time. Same copy of the seeded database for both systems.`,
      "Reference: Immich's requirements page asks for at least 6 GB of RAM (8 GB recommended) for its server, machine learning, database and cache containers together.",
    ],
    tables: [
      {
        title: `Idle server, medians of ${runs} runs (range in parentheses)`,
        columns: ['system', 'RSS', 'idle CPU (% of one core)'],
        rows: ['keepsake', 'minimal'].map((name) => [
          name,
          withRange(rss(name), ' MiB', 1),
          withRange(cpu(name), ' %', 2),
        ]),
      },
    ],
    data: Object.fromEntries(
      Object.entries(measured).map(([name, list]) => [
        name,
        list.map((m) => ({
          rssMiB: round(m.rss / MiB, 1),
          cpuPercent: round(m.cpuPercent, 3),
          healthy: m.healthy,
        })),
      ]),
    ),
  };
}
