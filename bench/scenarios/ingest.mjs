// ingest: how fast Keepsake takes in a phone's backlog, 1, 8 and 32 phones at once, against
// (a) the minimal durable receiver (the floor: hash + fsync + rename) and (b) nginx WebDAV PUT
// (the ceiling: no hash, no fsync). Target: Keepsake ≥ 0.9 × (a).
//
// One run = a fresh server on a fresh data folder, the whole mix uploaded, the server stopped.
// Systems take turns in a rotating order within each round, so a slow minute of the machine
// does not land on one system only, and ratios are taken round by round.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureNginx, startMinimal, startNginx } from '../lib/baselines.mjs';
import { formatBytes, MiB, makeIngestFiles } from '../lib/data.mjs';
import { connection, expectStatus, request } from '../lib/http.mjs';
import { copyDataDir, emptyLibrary, startKeepsake } from '../lib/keepsake.mjs';
import { treeCpuSeconds } from '../lib/proc.mjs';
import { settleDisk } from '../lib/processes.mjs';
import { latency, median, pairedRatio, round, summary } from '../lib/stats.mjs';
import { liveTable, withRange } from '../lib/table.mjs';

const concurrencies = [1, 8, 32];

function workload({ small }) {
  return { photos: 64, videos: 4, videoBytes: (small ? 40 : 200) * MiB };
}

/** The flag that changes this scenario's size; results of each size are kept apart. */
export const sizeFlag = 'small';

export function describe(options) {
  const w = workload(options);
  return `${concurrencies.join('/')} parallel clients, ${w.photos} photos of 2–4 MiB + ${w.videos} videos of ${formatBytes(w.videoBytes)}, ${options.runs ?? 3} rounds; Keepsake vs minimal receiver vs nginx`;
}

/** One system's way to receive a file; every system gets the same bytes in the same order. */
function target(server, key) {
  if (server.name === 'keepsake') {
    return (file) => ({
      url: server.uploadUrl(),
      method: 'PUT',
      headers: {
        authorization: `Bearer ${key}`,
        'keepsake-filename': file.name,
        'content-type': 'application/octet-stream',
        'content-length': String(file.size),
      },
      expected: [201],
    });
  }
  return (file) => ({
    url: server.uploadUrl(file.name),
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(file.size) },
    expected: [201, 204],
  });
}

/**
 * `clients` phones, each with its own keep-alive connection, take files from one queue until
 * it is empty. Meanwhile a probe asks the server's health every 100 ms: if the server blocks
 * its event loop (synchronous disk or database work), the probe's latency shows it.
 */
export async function uploadAll(server, files, clients, key, healthPath) {
  const describeUpload = target(server, key);
  let next = 0;
  const photoMs = [];
  const probeMs = [];
  let probing = true;
  const probe = (async () => {
    const agent = connection();
    while (probing) {
      const started = performance.now();
      await request(`${server.url}${healthPath}`, { agent });
      probeMs.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    agent.destroy();
  })();
  const cpuBefore = treeCpuSeconds(server.pid);
  const started = performance.now();
  const client = async () => {
    const agent = connection();
    while (next < files.length) {
      const file = files[next++];
      const { url, method, headers, expected } = describeUpload(file);
      const body = fs.createReadStream(file.path, { highWaterMark: MiB });
      const response = await expectStatus(url, { method, headers, body, agent }, expected);
      if (file.kind === 'photo') photoMs.push(response.ms);
    }
    agent.destroy();
  };
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - started) / 1000;
  const cpu = treeCpuSeconds(server.pid) - cpuBefore;
  probing = false;
  await probe;
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  return {
    mibPerS: bytes / MiB / seconds,
    seconds,
    photoP50Ms: median(photoMs),
    cpuPercent: (cpu / seconds) * 100,
    probe: latency(probeMs),
  };
}

async function startSystem(name, dir, nginxBinary) {
  if (name === 'keepsake') {
    const library = emptyLibrary(path.dirname(dir));
    copyDataDir(library.dir, dir);
    return { server: await startKeepsake(dir), key: library.apiKey, healthPath: '/api/health' };
  }
  fs.mkdirSync(dir, { recursive: true });
  if (name === 'minimal') return { server: await startMinimal(dir), healthPath: '/health' };
  return { server: await startNginx(dir, nginxBinary), healthPath: '/health' };
}

export async function run({ small, runs = 3, dir }) {
  const w = workload({ small });
  console.log(`  writing ${w.photos + w.videos} files of random bytes to ${dir}…`);
  const files = makeIngestFiles(path.join(dir, 'files'), w);
  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  const nginx = ensureNginx();
  const systems = ['keepsake', 'minimal', ...(nginx.binary ? ['nginx'] : [])];
  const notes = [
    `Each run uploads ${files.length} files, ${formatBytes(totalBytes)} in all (${w.photos} photos of 2–4 MiB, ${w.videos} videos of ${formatBytes(w.videoBytes)}), over keep-alive HTTP/1.1 on 127.0.0.1; a fresh server and data folder per run; \`sync\` before each timed run.`,
    'Throughput is the whole mix\'s bytes over the wall time from the first request to the last answer. "photo p50" is the median time to upload one photo; "server CPU" is the server process tree\'s CPU time over the wall time (200 % = both cores); "probe p99" is the 99th percentile latency of a health request sent every 100 ms during the run.',
  ];
  if (!nginx.binary) notes.push(`nginx baseline skipped: ${nginx.reason}.`);

  const measured = {};
  for (const c of concurrencies) for (const s of systems) measured[`${c}:${s}`] = [];
  const table = liveTable('ingest (each run)', [
    { name: 'round', width: 5 },
    { name: 'clients', width: 7 },
    { name: 'system', width: 8 },
    { name: 'MiB/s', width: 7 },
    { name: 'photo p50 ms', width: 12 },
    { name: 'server CPU', width: 10 },
    { name: 'probe p99 ms', width: 12 },
  ]);
  for (let pass = 0; pass < runs; pass++) {
    for (const clients of concurrencies) {
      const order = systems.map((_, i) => systems[(i + pass) % systems.length]);
      for (const system of order) {
        const runDir = path.join(dir, `run-${system}`);
        const { server, key, healthPath } = await startSystem(system, runDir, nginx.binary);
        settleDisk();
        let result;
        try {
          result = await uploadAll(server, files, clients, key, healthPath);
        } finally {
          await server.stop();
          fs.rmSync(runDir, { recursive: true, force: true });
          fs.rmSync(server.logFile, { force: true });
        }
        measured[`${clients}:${system}`].push(result);
        table.row([
          pass + 1,
          clients,
          system,
          result.mibPerS.toFixed(0),
          result.photoP50Ms.toFixed(1),
          `${result.cpuPercent.toFixed(0)} %`,
          result.probe.p99.toFixed(1),
        ]);
      }
    }
  }

  const rows = [];
  const headline = [];
  const data = { totalBytes, files: files.length, workload: w, runs: {} };
  for (const clients of concurrencies) {
    const of = (system, pick) => measured[`${clients}:${system}`].map(pick);
    const throughput = (system) => of(system, (r) => r.mibPerS);
    const vsMinimal = pairedRatio(throughput('keepsake'), throughput('minimal'));
    const vsNginx = nginx.binary ? pairedRatio(throughput('keepsake'), throughput('nginx')) : undefined;
    const ratio = (system, base) => pairedRatio(throughput(system), throughput(base)).median.toFixed(2);
    for (const system of systems) {
      rows.push([
        clients,
        system,
        withRange(summary(throughput(system)), ' MiB/s'),
        ratio(system, 'minimal'),
        nginx.binary ? ratio(system, 'nginx') : '',
        `${median(of(system, (r) => r.photoP50Ms)).toFixed(1)} ms`,
        `${median(of(system, (r) => r.cpuPercent)).toFixed(0)} %`,
        `${median(of(system, (r) => r.probe.p99)).toFixed(1)} ms`,
      ]);
      data.runs[`${clients}:${system}`] = measured[`${clients}:${system}`].map((r) => ({
        mibPerS: round(r.mibPerS, 1),
        seconds: round(r.seconds, 3),
        photoP50Ms: round(r.photoP50Ms, 1),
        cpuPercent: round(r.cpuPercent, 0),
        probeP99Ms: round(r.probe.p99, 1),
      }));
    }
    headline.push({
      measure: `throughput, ${clients} client${clients > 1 ? 's' : ''}`,
      keepsake: withRange(summary(throughput('keepsake')), ' MiB/s'),
      baseline: `minimal ${withRange(summary(throughput('minimal')), ' MiB/s')}${vsNginx ? `; nginx ${withRange(summary(throughput('nginx')), ' MiB/s')}` : ''}`,
      ratio: `${withRange(vsMinimal, '× minimal', 2)}${vsNginx ? `; ${withRange(vsNginx, '× nginx', 2)}` : ''}`,
      target: '≥ 0.9× minimal',
      met: vsMinimal.median >= 0.9,
    });
  }
  return {
    options: { small, runs, ...w },
    headline,
    notes,
    tables: [
      {
        title: `Throughput, medians of ${runs} runs (range in parentheses)`,
        columns: [
          'clients',
          'system',
          'throughput',
          '× minimal',
          '× nginx',
          'photo p50',
          'server CPU',
          'probe p99',
        ],
        rows,
      },
    ],
    data,
  };
}
