// The systems Keepsake is compared with: (a) the minimal receiver in bench/baselines, the floor
// of a durable upload in Node, and (b) nginx's WebDAV PUT, which neither hashes nor fsyncs:
// the ceiling of what this machine's loopback and page cache allow.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { debianProgram } from './debian.mjs';
import { root } from './keepsake.mjs';
import { freePort, spawnServer, stopServer, waitForHttp } from './processes.mjs';

const minimalJs = path.join(root, 'bench/baselines/minimal-server.mjs');

export async function startMinimal(dir, { db, logFile = `${dir}.log` } = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const since = performance.now();
  const args = [minimalJs, '--port', String(port), '--dir', dir, ...(db ? ['--db', db] : [])];
  const server = spawnServer(process.execPath, args, { cwd: root, env: process.env, logFile });
  const startupMs = await waitForHttp(`${url}/health`, { since, server });
  return {
    name: 'minimal',
    url,
    pid: server.child.pid,
    startupMs,
    logFile,
    uploadUrl: (name) => `${url}/upload/${encodeURIComponent(name)}`,
    stop: () => stopServer(server),
  };
}

/**
 * nginx from Debian, installed when missing (bench/lib/debian.mjs). The package's own service
 * never starts (Debian containers' policy-rc.d forbids it, and we would not use it: we run our
 * own instance on a loopback port with a private prefix and stop it afterwards). Returns the
 * binary, or undefined with a reason, in which case the scenario skips baseline (b).
 */
export const ensureNginx = () => debianProgram('nginx', ['/usr/sbin/nginx', '/usr/bin/nginx']);

/**
 * nginx as a WebDAV PUT target. Bodies are buffered to a temp file and renamed into place by
 * the dav module, in the same file system; `worker_processes auto` uses every core, as anyone
 * deploying nginx would.
 */
export async function startNginx(dir, binary) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const prefix = path.join(dir, 'nginx');
  const store = path.join(dir, 'store');
  for (const sub of ['', 'body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    fs.mkdirSync(path.join(prefix, sub), { recursive: true });
  }
  fs.mkdirSync(store, { recursive: true });
  const config = `
# Written by bench/lib/baselines.mjs; only ever listens on loopback.
daemon off;
worker_processes auto;
${process.getuid?.() === 0 ? 'user root;' : ''}
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  client_max_body_size 0;
  client_body_buffer_size 1m;
  server {
    listen 127.0.0.1:${port};
    root ${store};
    location = /health { return 200 "ok"; }
    location /upload/ {
      dav_methods PUT;
      create_full_put_path on;
      dav_access user:rw;
    }
  }
}
`;
  const configFile = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(configFile, config);
  const logFile = path.join(prefix, 'stderr.log');
  const since = performance.now();
  const server = spawnServer(binary, ['-p', prefix, '-c', configFile, '-e', path.join(prefix, 'error.log')], {
    cwd: prefix,
    env: process.env,
    logFile,
  });
  const startupMs = await waitForHttp(`${url}/health`, { since, server });
  return {
    name: 'nginx',
    url,
    pid: server.child.pid,
    startupMs,
    logFile,
    uploadUrl: (name) => `${url}/upload/${encodeURIComponent(name)}`,
    // SIGQUIT lets workers finish; every upload has been answered by the time we stop.
    stop: () => stopServer(server, { signal: 'SIGQUIT' }),
  };
}
