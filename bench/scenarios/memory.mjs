// memory: how much the server's resident memory grows while it receives (1) one very large
// upload and (2) 32 large uploads at once. A streaming server's memory must not scale with the
// upload's size: target < 64 MiB growth. The minimal receiver runs the same uploads as the
// baseline, so Node's own share (socket and stream buffers, the heap's growth) is visible.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startMinimal } from '../lib/baselines.mjs';
import { formatBytes, GiB, MiB, VirtualFiles } from '../lib/data.mjs';
import { expectStatus } from '../lib/http.mjs';
import { copyDataDir, emptyLibrary, startKeepsake } from '../lib/keepsake.mjs';
import { rssBytes, rssSettled, sampleRss } from '../lib/proc.mjs';
import { settleDisk } from '../lib/processes.mjs';
import { round, summary } from '../lib/stats.mjs';
import { liveTable, withRange } from '../lib/table.mjs';

const targetMiB = 64;

function cases({ small }) {
  return [
    { label: `1 × ${formatBytes(small ? 512 * MiB : 2 * GiB)}`, count: 1, size: small ? 512 * MiB : 2 * GiB },
    {
      label: `32 × ${formatBytes(small ? 40 * MiB : 200 * MiB)}`,
      count: 32,
      size: small ? 40 * MiB : 200 * MiB,
    },
  ];
}

/** The flag that changes this scenario's size; results of each size are kept apart. */
export const sizeFlag = 'small';

export function describe(options) {
  return `server RSS growth during ${cases(options)
    .map((c) => c.label)
    .join(' and ')} uploads, ${options.runs ?? 3} runs; Keepsake vs minimal receiver`;
}

let uploadCounter = 0;

function uploadRequest(server, key, size) {
  const name = `VID_${++uploadCounter}.MOV`;
  if (server.name === 'keepsake') {
    return {
      id: name,
      url: server.uploadUrl(),
      headers: {
        authorization: `Bearer ${key}`,
        'keepsake-filename': name,
        'content-type': 'application/octet-stream',
        'content-length': String(size),
      },
    };
  }
  return { id: name, url: server.uploadUrl(name), headers: { 'content-length': String(size) } };
}

async function measure(server, key, bytes, { count, size }) {
  // A small upload first, so one-time start-up work (JIT, prepared statements, the first
  // database page reads, Keepsake loading its image libraries for the upload's thumbnail job) is
  // not counted as growth caused by the large uploads: measuring starts once RSS is steady.
  const warm = uploadRequest(server, key, MiB);
  await expectStatus(
    warm.url,
    { method: 'PUT', headers: warm.headers, body: bytes.stream(warm.id, MiB) },
    [201],
  );
  settleDisk();
  const settleMs = await rssSettled(server.pid);
  const sampler = sampleRss(server.pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, async () => {
      const upload = uploadRequest(server, key, size);
      const body = bytes.stream(upload.id, size);
      await expectStatus(upload.url, { method: 'PUT', headers: upload.headers, body }, [201]);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rss = sampler.stop();
  // Memory still held once the uploads are answered: growth that stays would be a leak.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { ...rss, after: rssBytes(server.pid) - rss.baseline, seconds, settleMs };
}

export async function run({ small, runs = 3, dir }) {
  const bytes = new VirtualFiles();
  const systems = ['keepsake', 'minimal'];
  const measured = {};
  const table = liveTable('memory (each run)', [
    { name: 'case', width: 12 },
    { name: 'system', width: 8 },
    { name: 'RSS before', width: 10 },
    { name: 'growth', width: 9 },
    { name: 'kept after', width: 10 },
    { name: 'MiB/s', width: 6 },
  ]);
  for (let pass = 0; pass < runs; pass++) {
    for (const c of cases({ small })) {
      const order = pass % 2 ? [...systems].reverse() : systems;
      for (const system of order) {
        const runDir = path.join(dir, `run-${system}`);
        let server;
        let key;
        if (system === 'keepsake') {
          const library = emptyLibrary(dir);
          copyDataDir(library.dir, runDir);
          server = await startKeepsake(runDir);
          key = library.apiKey;
        } else {
          fs.mkdirSync(runDir, { recursive: true });
          server = await startMinimal(runDir);
        }
        let result;
        try {
          result = await measure(server, key, bytes, c);
        } finally {
          await server.stop();
          fs.rmSync(runDir, { recursive: true, force: true });
          fs.rmSync(server.logFile, { force: true });
        }
        const runKey = `${c.label}:${system}`;
        measured[runKey] = [...(measured[runKey] ?? []), result];
        table.row([
          c.label,
          system,
          `${(result.baseline / MiB).toFixed(0)} MiB`,
          `${(result.growth / MiB).toFixed(1)} MiB`,
          `${(result.after / MiB).toFixed(1)} MiB`,
          ((c.count * c.size) / MiB / result.seconds).toFixed(0),
        ]);
      }
    }
  }

  const rows = [];
  const headline = [];
  const data = {};
  for (const c of cases({ small })) {
    for (const system of systems) {
      const results = measured[`${c.label}:${system}`];
      const growth = summary(results.map((r) => r.growth / MiB));
      rows.push([
        c.label,
        system,
        `${(summary(results.map((r) => r.baseline / MiB)).median).toFixed(0)} MiB`,
        withRange(growth, ' MiB', 1),
        withRange(summary(results.map((r) => r.after / MiB)), ' MiB', 1),
      ]);
      data[`${c.label}:${system}`] = results.map((r) => ({
        baselineMiB: round(r.baseline / MiB, 1),
        growthMiB: round(r.growth / MiB, 1),
        sampledMaxGrowthMiB: round((r.sampledMax - r.baseline) / MiB, 1),
        keptAfterMiB: round(r.after / MiB, 1),
        seconds: round(r.seconds, 2),
        settleS: round(r.settleMs / 1000, 1),
        samples: r.samples,
        peakFromKernel: r.peakResettable,
      }));
    }
    const ks = summary(measured[`${c.label}:keepsake`].map((r) => r.growth / MiB));
    const base = summary(measured[`${c.label}:minimal`].map((r) => r.growth / MiB));
    headline.push({
      measure: `RSS growth, ${c.label}`,
      keepsake: withRange(ks, ' MiB', 1),
      baseline: `minimal ${withRange(base, ' MiB', 1)}`,
      target: `< ${targetMiB} MiB`,
      met: ks.max < targetMiB,
    });
  }
  return {
    options: { small, runs, cases: cases({ small }) },
    headline,
    notes: [
      'Growth = peak VmRSS of the server process during the uploads minus VmRSS just before them: after a 1 MiB warm-up upload, once VmRSS has moved less than 1 MiB for a second (at most 15 s), so one-time work the warm-up set off (for Keepsake, loading its image libraries for the warm-up\'s thumbnail job) is not counted as growth. The peak is the kernel\'s VmHWM, reset through /proc/<pid>/clear_refs before the uploads, so spikes between the 20 ms samples count too. "kept after" is VmRSS 0.5 s after the last answer minus the same baseline.',
      'Upload bodies are streamed from a 64 MiB random pool in the client (no multi-GiB files on disk); every upload has distinct bytes. The target is met when the largest growth of all runs is under 64 MiB.',
    ],
    tables: [
      {
        title: `Server RSS, medians of ${runs} runs (range in parentheses)`,
        columns: ['uploads', 'system', 'RSS before', 'growth', 'kept after'],
        rows,
      },
    ],
    data,
  };
}
