import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './server';

export interface OwnServer {
  url: string;
  dataDir: string;
  /** The command-line tool against this server's data folder. */
  cli(args: string[]): string;
  stop(): Promise<void>;
}

/**
 * A second built server with its own data folder, for specs that need a state the shared
 * server cannot have (no account at all, or a seeded library). `prepare` runs on the data
 * folder before the server starts.
 */
export async function startOwnServer(
  prepare?: (dataDir: string, cli: OwnServer['cli']) => Promise<void> | void,
): Promise<OwnServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keepsake-e2e-own-'));
  const cli = (args: string[]) =>
    execFileSync(process.execPath, [path.join(repoRoot, 'apps/api/dist/cli.js'), ...args], {
      env: { ...process.env, KEEPSAKE_DATA_DIR: dataDir },
      encoding: 'utf8',
    });
  await prepare?.(dataDir, cli);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'apps/api/dist/main.js')], {
    env: {
      ...process.env,
      KEEPSAKE_DATA_DIR: dataDir,
      KEEPSAKE_PORT: String(port),
      KEEPSAKE_HOST: '127.0.0.1',
      KEEPSAKE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // A test runner that gives up on a worker must not leave the server running.
  const stopOnExit = () => child.kill('SIGKILL');
  process.once('exit', stopOnExit);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (true) {
    if (child.exitCode !== null) throw new Error(`The server for ${dataDir} exited with ${child.exitCode}.`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`The server for ${dataDir} did not start within 30 s.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    dataDir,
    cli,
    async stop() {
      process.off('exit', stopOnExit);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
