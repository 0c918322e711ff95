// startup: seconds from starting the process to `GET /api/health` answering 200, with a
// 100k-asset library (--large: 1M). Target < 1 s: a container restart or an update should not
// keep a phone's background upload waiting. Baselines in the same run: the minimal server
// opening the same database (Node + better-sqlite3 + listen, the floor), and Keepsake on an
// empty library (what the library's size adds).
import fs from 'node:fs';
import path from 'node:path';
import { startMinimal } from '../lib/baselines.mjs';
import { copyDataDir, emptyLibrary, startKeepsake } from '../lib/keepsake.mjs';
import { seededLibrary } from '../lib/seed.mjs';
import { pairedRatio, round, summary } from '../lib/stats.mjs';
import { liveTable, withRange } from '../lib/table.mjs';
import { libraryAssets } from './check.mjs';

/** The flag that changes this scenario's size; results of each size are kept apart. */
export const sizeFlag = 'large';

export function describe(options) {
  return `process start to GET /api/health 200 with ${libraryAssets(options).toLocaleString('en')} seeded assets, ${options.runs ?? 5} runs; vs Keepsake on an empty library and the minimal server`;
}

/** How long a start may take before it counts as "never healthy". */
const giveUpMs = 60_000;
const show = (ms) => (Number.isFinite(ms) ? ms.toFixed(0) : `not healthy after ${giveUpMs / 1000} s`);
/** Median and range, or the failure when any run never became healthy. */
const describeRuns = (values) =>
  values.every(Number.isFinite) ? withRange(summary(values), ' ms') : `> ${giveUpMs} ms (never answered)`;

export async function run({ large, runs = 5, dir }) {
  const assets = libraryAssets({ large });
  const library = await seededLibrary(assets);
  const seeded = path.join(dir, 'seeded');
  const empty = path.join(dir, 'empty');
  copyDataDir(library.dataDir, seeded);
  copyDataDir(emptyLibrary(dir).dir, empty);
  const systems = {
    [`keepsake, ${assets / 1000}k assets`]: () =>
      startKeepsake(seeded, { healthTimeoutMs: giveUpMs, allowUnhealthy: true }),
    'keepsake, empty library': () =>
      startKeepsake(empty, { healthTimeoutMs: giveUpMs, allowUnhealthy: true }),
    'minimal, same database': () =>
      startMinimal(path.join(dir, 'minimal-files'), { db: path.join(seeded, 'keepsake.sqlite') }),
  };
  const names = Object.keys(systems);
  const measured = Object.fromEntries(names.map((name) => [name, []]));
  const table = liveTable('startup (each run)', [
    { name: 'run', width: 3 },
    { name: 'system', width: 24 },
    { name: 'ms to healthy', width: 13 },
  ]);
  for (let pass = 0; pass < runs; pass++) {
    const order = names.map((_, i) => names[(i + pass) % names.length]);
    for (const name of order) {
      // A system that never became healthy is not started again: each try costs a minute.
      if (measured[name].includes(Number.POSITIVE_INFINITY)) continue;
      const server = await systems[name]();
      await server.stop();
      fs.rmSync(server.logFile, { force: true });
      measured[name].push(server.startupMs);
      table.row([pass + 1, name, show(server.startupMs)]);
    }
  }
  fs.rmSync(seeded, { recursive: true, force: true });

  const [seededName, emptyName, minimalName] = names;
  const healthy = measured[seededName].every(Number.isFinite);
  return {
    options: { large, runs, assets },
    headline: [
      {
        measure: `start-up to healthy, ${assets.toLocaleString('en')} assets`,
        keepsake: describeRuns(measured[seededName]),
        baseline: `minimal ${describeRuns(measured[minimalName])}; empty library ${describeRuns(measured[emptyName])}`,
        ratio: healthy
          ? withRange(pairedRatio(measured[seededName], measured[minimalName]), '× minimal', 2)
          : '',
        target: '< 1000 ms',
        met: healthy && summary(measured[seededName]).median < 1000,
      },
    ],
    notes: [
      `From spawning \`node apps/api/dist/main.js\` to the first 200 from \`GET /api/health\`, polled every 5 ms; a server that has not answered after ${giveUpMs / 1000} s counts as never healthy and is not tried again. The database file was just copied, so it is in the page cache (a warm start, as after a container restart; a cold boot also reads it from disk).`,
    ],
    tables: [
      {
        title: `Start-up, medians of ${runs} runs (range in parentheses)`,
        columns: ['system', 'ms to healthy'],
        rows: names.map((name) => [name, describeRuns(measured[name])]),
      },
    ],
    data: Object.fromEntries(
      names.map((name) => [name, measured[name].map((ms) => (Number.isFinite(ms) ? round(ms, 1) : null))]),
    ),
  };
}
