// Starting and stopping the servers under test as child processes. Each server is its own
// process, as in production, so its memory and CPU can be read from /proc without counting
// the load generator.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from './http.mjs';

/** A free loopback port. Another process could take it before we do; on loopback it never has. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Servers still running, so an interrupted benchmark (Ctrl-C) leaves none behind. */
const live = new Set();

export function killAll() {
  for (const child of live) child.kill('SIGKILL');
}

/**
 * Spawns a server with its output going to a log file rather than a pipe: a pipe nobody reads
 * fast enough would stall the server, and the log is there to read when something fails.
 */
export function spawnServer(command, args, { env, logFile, cwd }) {
  const fd = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  live.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.exitedEarly = false;
  exited.then(() => {
    child.exitedEarly = true;
    live.delete(child);
  });
  return { child, exited, logFile };
}

/** The last lines of a server's log, for error messages. */
export function tail(logFile, lines = 20) {
  try {
    return fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Polls `url` until it answers 200 and returns the milliseconds since `since`. Polls every
 * 5 ms: coarse enough not to load a starting server, fine enough for a sub-second start-up.
 */
export async function waitForHttp(url, { since = performance.now(), timeoutMs = 60_000, server } = {}) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (server?.child.exitedEarly) {
      throw new Error(`The server exited before answering ${url}:\n${tail(server.logFile)}`);
    }
    try {
      // A server whose event loop is blocked accepts the connection but does not answer: the
      // request's own timeout keeps the deadline.
      const remaining = Math.max(1, Math.round(deadline - performance.now()));
      const response = await request(url, { timeoutMs: remaining });
      if (response.status === 200) return performance.now() - since;
    } catch {
      // Not listening yet.
    }
    await sleep(5);
  }
  const error = new Error(
    `${url} did not answer 200 within ${timeoutMs} ms${server ? `:\n${tail(server.logFile)}` : ''}`,
  );
  error.code = 'NOT_HEALTHY';
  throw error;
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`. */
export async function stopServer(server, { signal = 'SIGTERM', graceMs = 10_000 } = {}) {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill(signal);
  const timer = setTimeout(() => server.child.kill('SIGKILL'), graceMs);
  await server.exited;
  clearTimeout(timer);
}

/**
 * Flushes dirty pages before a timed run, so one run's writes (nginx's above all, which never
 * fsyncs) are not written back during the next run and billed to another system.
 */
export function settleDisk() {
  spawnSync('sync', { stdio: 'ignore' });
}
