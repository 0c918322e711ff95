// Shared steps of the root commands: install when needed, build, run a child process.
// Plain Node with no dependencies, because it runs before anything is installed.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** corepack's pnpm shim lives here, so tools that look for `pnpm` on PATH (turbo) find it. */
const toolsBin = path.join(root, '.tools', 'bin');

export const env = {
  ...process.env,
  PATH: `${toolsBin}${path.delimiter}${process.env.PATH ?? ''}`,
  // corepack fetches the pinned pnpm from the npm registry without asking.
  COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
  NEXT_TELEMETRY_DISABLED: '1',
  TURBO_TELEMETRY_DISABLED: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
  DO_NOT_TRACK: '1',
};

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

export function mustRun(command, args, options = {}) {
  const status = run(command, args, options);
  if (status !== 0) {
    console.error(`\n✗ ${[command, ...args].join(' ')} failed (exit ${status}).`);
    process.exit(status);
  }
}

export const pnpm = (args, options) => mustRun('corepack', ['pnpm', ...args], options);

/** What decides whether `pnpm install` must run again: the lockfile and every package.json. */
function installFingerprint() {
  const hash = createHash('sha256');
  const files = ['pnpm-lock.yaml', 'package.json', 'pnpm-workspace.yaml'];
  for (const group of ['apps', 'packages', 'tooling']) {
    const dir = path.join(root, group);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) files.push(path.join(group, name, 'package.json'));
  }
  files.push('e2e/package.json');
  for (const file of files.sort()) {
    const full = path.join(root, file);
    if (fs.existsSync(full)) hash.update(file).update(fs.readFileSync(full));
  }
  hash.update(process.version);
  return hash.digest('hex');
}

/** Installs dependencies when they are missing or stale (a new lockfile, a new Node). */
export function ensureInstalled() {
  if (!fs.existsSync(path.join(toolsBin, 'pnpm'))) {
    // Without root, `corepack enable` cannot write to /usr/local/bin; a project folder works.
    fs.mkdirSync(toolsBin, { recursive: true });
    mustRun('corepack', ['enable', '--install-directory', toolsBin, 'pnpm']);
  }
  const stamp = path.join(root, 'node_modules', '.keepsake-install');
  const fingerprint = installFingerprint();
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === fingerprint) return;
  console.log(
    'Installing dependencies (the first time takes a few minutes: better-sqlite3 compiles from source)…',
  );
  const frozen = fs.existsSync(path.join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [];
  pnpm(['install', ...frozen]);
  fs.writeFileSync(stamp, fingerprint);
}

/** Builds what changed; turbo's cache makes an unchanged tree a no-op. */
export function build(filters = ['@keepsake/api', '@keepsake/web']) {
  pnpm(['turbo', 'run', 'build', ...filters.map((f) => `--filter=${f}`), '--output-logs=errors-only']);
}

/**
 * The server's environment. glibc's allocator keeps up to eight arenas per core, one for each
 * thread that allocates at the same moment (the event loop, libuv's pool, the check and
 * checkpoint threads); the buffers of many uploads at once were freed spread over them, and the
 * server's RSS stayed 10–15 MiB higher after 32 parallel uploads (bench `memory`). Two arenas,
 * as Node and JVM containers commonly run; the Dockerfile sets the same. A value already set
 * wins.
 */
export const serverEnv = {
  ...env,
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by the root commands, never through turbo.
  MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
};

/** Starts a long-running child and passes Ctrl-C and `docker stop` on to it. */
export function serve(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: serverEnv });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
