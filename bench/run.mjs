// The benchmark runner: `npm run bench [-- <scenario>…] [--small] [--large] [--runs N]`.
// Runs the named scenarios (all by default), prints each one's table while it runs, merges its
// results into bench/results/latest.json and refreshes the tables in docs/performance.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { assertBuilt } from './lib/keepsake.mjs';
import { machineInfo } from './lib/proc.mjs';
import { killAll } from './lib/processes.mjs';
import { saveScenario, updateDoc } from './lib/report.mjs';
import { round } from './lib/stats.mjs';

const scenarios = {
  ingest: () => import('./scenarios/ingest.mjs'),
  memory: () => import('./scenarios/memory.mjs'),
  resume: () => import('./scenarios/resume.mjs'),
  check: () => import('./scenarios/check.mjs'),
  library: () => import('./scenarios/library.mjs'),
  dashboard: () => import('./scenarios/dashboard.mjs'),
  idle: () => import('./scenarios/idle.mjs'),
  startup: () => import('./scenarios/startup.mjs'),
  thumbnails: () => import('./scenarios/thumbnails.mjs'),
};

const usage = `Usage: npm run bench -- [scenario…] [options]

Scenarios: ${Object.keys(scenarios).join(', ')} (default: all, in that order)

  --small      smaller uploads (ingest 40 MiB videos, memory 512 MiB, resume 256 MiB)
  --large      1M seeded assets instead of 100k (check, library, dashboard, idle, startup; seeding takes minutes once)
  --runs N     repetitions per measurement (default 3; startup 5)
  --keep       keep the temporary folders for inspection
  --no-doc     do not rewrite docs/performance.md
  --no-build   (scripts/bench.mjs) skip the install and build step`;

export async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      small: { type: 'boolean', default: false },
      large: { type: 'boolean', default: false },
      runs: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'no-doc': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const unknown = positionals.filter((name) => !(name in scenarios));
  if (unknown.length) {
    console.error(`Unknown scenario ${unknown.join(', ')}.\n\n${usage}`);
    return 2;
  }
  assertBuilt();
  const names = positionals.length ? positionals : Object.keys(scenarios);
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1)) {
    console.error('--runs needs a whole number of at least 1.');
    return 2;
  }

  // Everything generated goes to the system's temp folder, never into the repository.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keepsake-bench-'));
  const cleanUp = () => {
    killAll();
    if (!values.keep) fs.rmSync(workDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      cleanUp();
      process.exit(130);
    });
  }

  try {
    for (const name of names) {
      const scenario = await scenarios[name]();
      const options = { small: values.small, large: values.large, runs };
      // A small and a full-size run measure different things: both are kept, under their own key.
      const size = options[scenario.sizeFlag] ? `--${scenario.sizeFlag}` : '';
      const key = size ? `${name} ${size}` : name;
      const flags = [size, runs && `--runs ${runs}`].filter(Boolean);
      console.log(`\n▶ ${name}: ${scenario.describe(options)}`);
      const dir = path.join(workDir, name);
      fs.mkdirSync(dir, { recursive: true });
      const machine = machineInfo(dir);
      const loadBefore = os.loadavg()[0];
      const started = performance.now();
      const result = await scenario.run({ ...options, dir });
      fs.rmSync(dir, { recursive: true, force: true });
      const results = saveScenario(key, {
        date: machine.date,
        command: `npm run bench -- ${[name, ...flags].join(' ')}`,
        durationS: (performance.now() - started) / 1000,
        // Other work on the machine (tests, builds) slows some runs: the 1-minute load average
        // before and after says how busy the machine was.
        machine: { ...machine, loadAverage: [round(loadBefore), round(os.loadavg()[0])] },
        ...result,
      });
      if (!values['no-doc']) updateDoc(results);
      for (const h of result.headline) {
        const verdict = h.met === undefined ? '' : h.met ? '  ✓ target met' : '  ✗ target missed';
        console.log(
          `  ${h.measure}: ${h.keepsake}${h.ratio ? ` (${h.ratio})` : ''}${h.target ? `, target ${h.target}` : ''}${verdict}`,
        );
      }
    }
  } finally {
    cleanUp();
  }
  console.log(`\nResults: bench/results/latest.json${values['no-doc'] ? '' : ', docs/performance.md'}`);
  return 0;
}

const invoked = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (invoked) process.exitCode = await main(process.argv.slice(2));
