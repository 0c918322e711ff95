// resume: a large resumable upload (IETF draft, interop version 8, as iOS sends it) whose
// connection drops half-way, then HEAD for the offset and PATCH for the rest. Compared with the
// same upload uninterrupted on the same server: the bytes the phone had to send (target
// < 1.1×) and the time it took. A server that kept less than it received, or re-read the whole
// file to hash it, shows up here.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { formatBytes, GiB, MiB, VirtualFiles } from '../lib/data.mjs';
import { expectStatus } from '../lib/http.mjs';
import { copyDataDir, emptyLibrary, startKeepsake } from '../lib/keepsake.mjs';
import { ioCounters } from '../lib/proc.mjs';
import { settleDisk } from '../lib/processes.mjs';
import { pairedRatio, round, summary } from '../lib/stats.mjs';
import { liveTable, withRange } from '../lib/table.mjs';

const sizeOf = ({ small }) => (small ? 256 * MiB : GiB);

/** The flag that changes this scenario's size; results of each size are kept apart. */
export const sizeFlag = 'small';

export function describe(options) {
  return `${formatBytes(sizeOf(options))} resumable upload dropped at 50 %, then HEAD + PATCH; vs the same upload uninterrupted, ${options.runs ?? 3} runs`;
}

let counter = 0;

function creationHeaders(key, name, length) {
  return {
    authorization: `Bearer ${key}`,
    'keepsake-filename': name,
    'content-type': 'application/octet-stream',
    'content-length': String(length),
    'upload-draft-interop-version': '8',
    'upload-complete': '?1',
  };
}

async function uninterrupted(server, key, bytes, size) {
  const name = `RESUME_${++counter}.MOV`;
  const started = performance.now();
  const response = await expectStatus(
    server.uploadUrl(),
    { method: 'PUT', headers: creationHeaders(key, name, size), body: bytes.stream(name, size) },
    [201],
  );
  return { sent: size, seconds: (performance.now() - started) / 1000, status: response.status };
}

/**
 * Sends the first `dropAt` bytes, waits until the last of them has left the client (the write
 * callback), and destroys the socket: what a phone losing Wi-Fi does. Resolves with the upload
 * URL from the 104 interim answer.
 */
function sendAndDrop(url, headers, body) {
  return new Promise((resolve, reject) => {
    let location;
    const req = http.request(url, { method: 'PUT', headers, agent: false });
    req.on('information', (info) => {
      if (info.statusCode === 104) location = info.headers.location;
    });
    req.on('response', () => reject(new Error('The server answered before the upload was dropped.')));
    req.on('error', () => {
      // Expected: we destroy the socket ourselves.
    });
    (async () => {
      for await (const chunk of body) {
        if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
      }
      // The callback of a write runs once everything before it has been handed to the kernel.
      await new Promise((r) => req.write(Buffer.alloc(0), r));
      req.destroy();
      if (!location) throw new Error('No 104 Upload Resumption Supported with a Location arrived.');
      resolve(location);
    })().catch(reject);
  });
}

async function interrupted(server, key, bytes, size) {
  const name = `RESUME_${++counter}.MOV`;
  const dropAt = Math.floor(size / 2);
  const started = performance.now();
  const location = await sendAndDrop(
    server.uploadUrl(),
    creationHeaders(key, name, size),
    bytes.stream(name, size, 0, dropAt),
  );
  const common = { authorization: `Bearer ${key}`, 'upload-draft-interop-version': '8' };
  const head = await expectStatus(location, { method: 'HEAD', headers: common }, [204]);
  const offset = Number(head.headers['upload-offset']);
  const ioBefore = ioCounters(server.pid);
  const patchStarted = performance.now();
  const patch = await expectStatus(
    location,
    {
      method: 'PATCH',
      headers: {
        ...common,
        'upload-offset': String(offset),
        'upload-complete': '?1',
        'content-type': 'application/partial-upload',
        'content-length': String(size - offset),
      },
      body: bytes.stream(name, size, offset, size),
    },
    [200, 201],
  );
  const patchSeconds = (performance.now() - patchStarted) / 1000;
  const ioAfter = ioCounters(server.pid);
  const seconds = (performance.now() - started) / 1000;
  // The stored bytes must be the whole file: compare the server's SHA-256 with our own.
  const hash = createHash('sha256');
  await pipeline(bytes.stream(name, size), hash);
  const expected = hash.digest('hex');
  const stored = JSON.parse(patch.body.toString('utf8')).sha256;
  if (stored !== expected) throw new Error(`The resumed upload stored ${stored}, not ${expected}.`);
  return {
    sent: dropAt + (size - offset),
    offset,
    lost: dropAt - offset,
    seconds,
    patchSeconds,
    // Bytes the server read during the PATCH besides the PATCH body: re-reading the staged
    // part to hash it would show up here as about the offset.
    rereadBytes: Math.max(0, ioAfter.rchar - ioBefore.rchar - (size - offset)),
  };
}

export async function run({ small, runs = 3, dir }) {
  const size = sizeOf({ small });
  const bytes = new VirtualFiles();
  const plain = [];
  const resumed = [];
  const table = liveTable('resume (each run)', [
    { name: 'run', width: 3 },
    { name: 'upload', width: 13 },
    { name: 'sent', width: 10 },
    { name: 'offset', width: 10 },
    { name: 'seconds', width: 7 },
    { name: 're-read', width: 9 },
  ]);
  for (let pass = 0; pass < runs; pass++) {
    const runDir = path.join(dir, 'run-keepsake');
    const library = emptyLibrary(dir);
    copyDataDir(library.dir, runDir);
    const server = await startKeepsake(runDir);
    try {
      const steps = [
        async () => {
          settleDisk();
          const r = await uninterrupted(server, library.apiKey, bytes, size);
          plain.push(r);
          table.row([pass + 1, 'uninterrupted', formatBytes(r.sent), '', r.seconds.toFixed(2), '']);
        },
        async () => {
          settleDisk();
          const r = await interrupted(server, library.apiKey, bytes, size);
          resumed.push(r);
          table.row([
            pass + 1,
            'dropped at 50%',
            formatBytes(r.sent),
            formatBytes(r.offset),
            r.seconds.toFixed(2),
            formatBytes(r.rereadBytes),
          ]);
        },
      ];
      for (const step of pass % 2 ? steps.reverse() : steps) await step();
    } finally {
      await server.stop();
      fs.rmSync(runDir, { recursive: true, force: true });
    }
  }

  const sentRatio = summary(resumed.map((r) => r.sent / size));
  const timeRatio = pairedRatio(
    resumed.map((r) => r.seconds),
    plain.map((r) => r.seconds),
  );
  const mib = (r) => r / MiB;
  return {
    options: { small, runs, size },
    headline: [
      {
        measure: `bytes sent, ${formatBytes(size)} dropped at 50 %`,
        keepsake: withRange(summary(resumed.map((r) => mib(r.sent))), ' MiB', 1),
        baseline: `uninterrupted ${formatBytes(size)}`,
        ratio: withRange(sentRatio, '×', 3),
        target: '< 1.1×',
        met: sentRatio.max < 1.1,
      },
      {
        measure: 'time, dropped and resumed',
        keepsake: withRange(summary(resumed.map((r) => r.seconds)), ' s', 2),
        baseline: `uninterrupted ${withRange(summary(plain.map((r) => r.seconds)), ' s', 2)}`,
        ratio: withRange(timeRatio, '×', 2),
      },
    ],
    notes: [
      "Both uploads use the resumable protocol as iOS does (PUT with `Upload-Draft-Interop-Version: 8`, `Upload-Complete: ?1`, 104 with Location). The dropped one sends the first half, waits until it has left the client, destroys the socket, asks `HEAD <Location>` for `Upload-Offset` and `PATCH`es the rest; the stored SHA-256 is checked against the client's.",
      '"re-read" is what the server process read (rchar in /proc/<pid>/io) during the PATCH beyond the PATCH body: about the offset if the server hashes the staged part again instead of continuing its running hash.',
    ],
    tables: [
      {
        title: `Resumed vs uninterrupted, medians of ${runs} runs (range in parentheses)`,
        columns: [
          'upload',
          'bytes sent',
          'offset after drop',
          'seconds',
          'PATCH seconds',
          're-read by server',
        ],
        rows: [
          [
            'uninterrupted',
            formatBytes(size),
            '',
            withRange(summary(plain.map((r) => r.seconds)), ' s', 2),
            '',
            '',
          ],
          [
            'dropped at 50 %, resumed',
            withRange(summary(resumed.map((r) => mib(r.sent))), ' MiB', 1),
            withRange(summary(resumed.map((r) => mib(r.offset))), ' MiB', 1),
            withRange(summary(resumed.map((r) => r.seconds)), ' s', 2),
            withRange(summary(resumed.map((r) => r.patchSeconds)), ' s', 2),
            withRange(summary(resumed.map((r) => mib(r.rereadBytes))), ' MiB', 0),
          ],
        ],
      },
    ],
    data: {
      uninterrupted: plain.map((r) => ({ seconds: round(r.seconds, 3) })),
      resumed: resumed.map((r) => ({
        sent: r.sent,
        offset: r.offset,
        lost: r.lost,
        seconds: round(r.seconds, 3),
        patchSeconds: round(r.patchSeconds, 3),
        rereadBytes: r.rereadBytes,
      })),
    },
  };
}
