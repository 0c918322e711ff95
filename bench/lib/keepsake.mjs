// Keepsake as a user runs it: the built `apps/api/dist/main.js` in its own process, configured
// only through its environment variables, with users and devices made by its own CLI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { serverEnv } from '../../scripts/lib/workspace.mjs';
import { freePort, spawnServer, stopServer, waitForHttp } from './processes.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const distDir = path.join(root, 'apps/api/dist');
export const mainJs = path.join(distDir, 'main.js');
const cliJs = path.join(distDir, 'cli.js');

export const owner = { email: 'bench@example.com', password: 'a long benchmark password' };

/** As `npm start` runs it (its allocator setting included), on this data folder and port. */
function keepsakeEnv(dataDir, port) {
  return {
    ...serverEnv,
    KEEPSAKE_DATA_DIR: dataDir,
    KEEPSAKE_PORT: String(port),
    KEEPSAKE_HOST: '127.0.0.1',
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: benchmarks run with node, never through turbo.
    KEEPSAKE_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  };
}

export function assertBuilt() {
  if (!fs.existsSync(mainJs) || !fs.existsSync(cliJs)) {
    throw new Error(`${path.relative(root, mainJs)} is missing: run "npm run bench" (it builds) first.`);
  }
}

/** Keepsake's own CLI (`npm run keepsake`), run on `dataDir`; returns what it printed. */
export function cli(dataDir, args) {
  const result = spawnSync(process.execPath, [cliJs, ...args], {
    cwd: root,
    env: keepsakeEnv(dataDir, 0),
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`keepsake ${args.slice(0, 2).join(' ')} failed:\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}

/** The benchmark's person and phone, made with the CLI; returns the device key and ids. */
export function addOwnerAndDevice(dataDir, deviceName = 'Bench iPhone') {
  cli(dataDir, ['user', 'add', '--email', owner.email, '--password', owner.password, '--admin']);
  const device = JSON.parse(
    cli(dataDir, ['device', 'add', '--user', owner.email, '--name', deviceName, '--json']).trim(),
  );
  return { apiKey: device.apiKey, deviceId: device.id };
}

let template;
/**
 * A data folder holding only the owner and one device, made once per benchmark process and
 * copied for every run: each run starts from the same empty library without paying for the
 * CLI (and its scrypt) again.
 */
export function emptyLibrary(workDir) {
  if (!template || !fs.existsSync(template.dir)) {
    const dir = path.join(workDir, 'keepsake-template');
    fs.mkdirSync(dir, { recursive: true });
    template = { dir, ...addOwnerAndDevice(dir) };
  }
  return template;
}

export function copyDataDir(from, to) {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
}

/**
 * Starts Keepsake on `dataDir` and waits for `GET /api/health` to answer 200. `startupMs` is
 * measured from the spawn: what a person waits for after `npm start` or a container restart.
 * `mainFile` runs another build of the server (an A/B comparison of a patched bundle), with
 * `nodeArgs` before it (V8 flags, say). A server that runs but does not answer within
 * `healthTimeoutMs` is an error, or, with `allowUnhealthy` (start-up and idle report it), comes
 * back with `healthy: false`.
 */
export async function startKeepsake(
  dataDir,
  {
    port,
    logFile = `${dataDir}.log`,
    mainFile = mainJs,
    nodeArgs = [],
    healthTimeoutMs = 60_000,
    allowUnhealthy = false,
  } = {},
) {
  const chosen = port ?? (await freePort());
  const url = `http://127.0.0.1:${chosen}`;
  const since = performance.now();
  const server = spawnServer(process.execPath, [...nodeArgs, mainFile], {
    cwd: root,
    env: keepsakeEnv(dataDir, chosen),
    logFile,
  });
  let startupMs;
  try {
    startupMs = await waitForHttp(`${url}/api/health`, { since, server, timeoutMs: healthTimeoutMs });
  } catch (error) {
    // Running but not answering (a blocked event loop) is a result to report, not a crash.
    if (error.code !== 'NOT_HEALTHY' || server.child.exitedEarly || !allowUnhealthy) {
      await stopServer(server);
      throw error;
    }
    startupMs = Number.POSITIVE_INFINITY;
  }
  return {
    name: 'keepsake',
    url,
    pid: server.child.pid,
    startupMs,
    healthy: Number.isFinite(startupMs),
    logFile,
    uploadUrl: () => `${url}/api/v1/uploads`,
    stop: () => stopServer(server),
  };
}
