// thumbnails: how many photos per second Keepsake turns into a grid thumbnail (WebP, short edge
// 320), a preview (JPEG, short edge 1440) and a ThumbHash, with both cores working. Baseline:
// Debian's vipsthumbnail making the same two sizes from the same files, two processes at once.
// Target: ≥ 1.0× vipsthumbnail's images/s for JPEG; HEIC is reported (Debian's libheif cannot
// open iPhone photos from iOS 18, so the baseline covers only the files it can read).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { debianProgram } from '../lib/debian.mjs';
import { copyDataDir, emptyLibrary, root, startKeepsake } from '../lib/keepsake.mjs';
import { Database } from '../lib/seed.mjs';
import { pairedRatio, round, summary } from '../lib/stats.mjs';
import { liveTable, withRange } from '../lib/table.mjs';

const corpus = path.resolve(root, '../shared/corpus');
const sets = {
  jpeg: ['livepair_b_still.jpg', 'canon-dslr.jpg', 'iphone_hdr_NO.jpg', 'Apple_iPhone_5.jpg'],
  heic: ['IMG_1034.heic', 'heic-iphone.heic', 'iphone_13_pro_max.HEIC', 'livepair_a_still.heic'],
};
const copies = { jpeg: 8, heic: 3 };

export const sizeFlag = 'small';

export function describe({ small, runs = 3 }) {
  const n = (set) => sets[set].length * (small ? 1 : copies[set]);
  return `${n('jpeg')} JPEGs (8–18 MP) and ${n('heic')} HEICs (12 MP) per run, ${runs} runs; Keepsake (2 workers) vs vipsthumbnail (2 processes)`;
}

/**
 * Distinct bytes per copy, so Keepsake does not deduplicate them: a comment after a JPEG's end,
 * a `free` box (which readers skip) after a HEIC's last box.
 */
function makeInputs(dir, set, count) {
  fs.mkdirSync(dir, { recursive: true });
  const files = [];
  for (let c = 0; c < count; c++) {
    for (const name of sets[set]) {
      const file = path.join(dir, `${c}-${name}`);
      const tag = Buffer.from(`keepsake-bench-${c}`);
      const tail =
        set === 'heic'
          ? Buffer.concat([Buffer.from([0, 0, 0, 8 + tag.length]), Buffer.from('free'), tag])
          : tag;
      fs.writeFileSync(file, Buffer.concat([fs.readFileSync(path.join(corpus, name)), tail]));
      files.push(file);
    }
  }
  return files;
}

async function keepsakeRun(dir, files, template) {
  const dataDir = path.join(dir, 'data');
  copyDataDir(template.dir, dataDir);
  // Only thumbnails are measured: the metadata queue stays paused (its pause is stored).
  const db = new Database(path.join(dataDir, 'keepsake.sqlite'));
  db.prepare("insert into queue_states (kind, paused, updated_at) values ('metadata', 1, ?)").run(Date.now());
  db.prepare("insert into queue_states (kind, paused, updated_at) values ('thumbnail', 1, ?)").run(
    Date.now(),
  );
  db.close();
  const server = await startKeepsake(dataDir);
  try {
    for (const file of files) {
      const response = await fetch(server.uploadUrl(), {
        method: 'PUT',
        headers: { authorization: `Bearer ${template.apiKey}`, 'keepsake-filename': path.basename(file) },
        body: fs.readFileSync(file),
      });
      if (response.status !== 201) throw new Error(`upload of ${file} answered ${response.status}`);
    }
    // Everything is queued; start the clock as the thumbnail queue is let go.
    const watch = new Database(path.join(dataDir, 'keepsake.sqlite'));
    const started = performance.now();
    watch.prepare("update queue_states set paused = 0 where kind = 'thumbnail'").run();
    // The runner notices a resumed queue at its next poll (≤ 1 s): that wait is not thumbnail work.
    let firstSeen;
    while (true) {
      const row = watch
        .prepare(
          "select sum(state = 'succeeded') as done, sum(state = 'failed') as failed, sum(state = 'running') as running from jobs where kind = 'thumbnail'",
        )
        .get();
      if (firstSeen === undefined && (row.running > 0 || row.done > 0)) firstSeen = performance.now();
      if (row.failed > 0) throw new Error('a thumbnail job failed during the benchmark');
      if (row.done === files.length) break;
      await sleep(20);
    }
    const seconds = (performance.now() - (firstSeen ?? started)) / 1000;
    watch.close();
    return files.length / seconds;
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The two sizes per file, as two vipsthumbnail commands, two at a time (one per core). */
async function vipsRun(binary, dir, files) {
  const out = path.join(dir, 'vips-out');
  fs.mkdirSync(out, { recursive: true });
  const jobs = files.flatMap((file) => {
    const base = path.join(out, path.basename(file));
    // Long-edge boxes that give the same short edges as Keepsake for these 4:3 photos.
    return [
      [file, '-s', '1920x1920', '-o', `${base}-preview.jpg[Q=82,strip]`],
      [file, '-s', '427x427', '-o', `${base}-thumb.webp[Q=75,strip]`],
    ];
  });
  let failed = 0;
  const started = performance.now();
  const worker = async () => {
    while (jobs.length) {
      const args = jobs.shift();
      const code = await new Promise((resolve) =>
        spawn(binary, args, { stdio: 'ignore' }).on('close', resolve),
      );
      if (code !== 0) failed++;
    }
  };
  await Promise.all([worker(), worker()]);
  const seconds = (performance.now() - started) / 1000;
  fs.rmSync(out, { recursive: true, force: true });
  const imagesDone = files.length - failed / 2;
  return { perSecond: imagesDone / seconds, failedFiles: Math.ceil(failed / 2) };
}

export async function run({ small, runs = 3, dir }) {
  const template = emptyLibrary(dir);
  const vips = debianProgram('libvips-tools', ['vipsthumbnail']).binary;
  const results = {};
  const table = liveTable('thumbnails (each run, images/s)', [
    { name: 'set', width: 5 },
    { name: 'run', width: 3 },
    { name: 'Keepsake', width: 9 },
    { name: 'vipsthumbnail', width: 13 },
  ]);
  for (const set of ['jpeg', 'heic']) {
    const files = makeInputs(path.join(dir, set), set, small ? 1 : copies[set]);
    results[set] = { keepsake: [], vips: [], vipsFailed: 0 };
    for (let pass = 0; pass < runs; pass++) {
      const ks = await keepsakeRun(path.join(dir, `${set}-run`), files, template);
      const base = vips
        ? await vipsRun(vips, dir, files)
        : { perSecond: Number.NaN, failedFiles: files.length };
      results[set].keepsake.push(ks);
      results[set].vips.push(base.perSecond);
      results[set].vipsFailed = base.failedFiles;
      table.row([
        set,
        pass + 1,
        ks.toFixed(2),
        `${base.perSecond.toFixed(2)}${base.failedFiles ? ` (${base.failedFiles} failed)` : ''}`,
      ]);
    }
  }
  const ks = (set) => summary(results[set].keepsake);
  const base = (set) => summary(results[set].vips);
  const ratio = (set) => pairedRatio(results[set].keepsake, results[set].vips);
  return {
    options: {
      small,
      runs,
      files: Object.fromEntries(
        Object.entries(sets).map(([k, v]) => [k, v.length * (small ? 1 : copies[k])]),
      ),
    },
    headline: [
      {
        measure: 'JPEG images/s (thumbnail + preview + ThumbHash), 2 cores',
        keepsake: withRange(ks('jpeg'), '/s', 2),
        baseline: `vipsthumbnail ${withRange(base('jpeg'), '/s', 2)}`,
        ratio: `${withRange(ratio('jpeg'), '×', 2)}`,
        target: '≥ 1.0× vipsthumbnail',
        met: ratio('jpeg').median >= 1,
      },
      {
        measure: 'HEIC images/s, 2 cores',
        keepsake: withRange(ks('heic'), '/s', 2),
        baseline: `vipsthumbnail ${withRange(base('heic'), '/s', 2)}${results.heic.vipsFailed ? ` (failed on ${results.heic.vipsFailed} of ${results.heic.keepsake.length ? sets.heic.length * (small ? 1 : copies.heic) : 0} files)` : ''}`,
        // A Debian libheif that decodes none of the files leaves no rate to divide by.
        ratio: results.heic.vips.some((rate) => rate > 0) ? `${withRange(ratio('heic'), '×', 2)}` : '',
      },
    ],
    notes: [
      'Keepsake: the files are uploaded with the thumbnail queue paused, then the clock runs from the first job taken to the last one done (KEEPSAKE_THUMBNAIL_CONCURRENCY = number of cores, metadata queue paused). Each photo gets a 320 px WebP, a 1440 px JPEG and a ThumbHash from one decode.',
      'vipsthumbnail (Debian libvips 8.14): two commands per photo (preview JPEG Q82, thumbnail WebP Q75), two processes at a time. It decodes each photo twice and makes no ThumbHash; for HEIC it uses Debian libheif 1.15, which fails on iOS 18 photos: those are left out of its rate.',
    ],
    tables: [
      {
        title: `Images per second with both cores busy, medians of ${runs} runs (range in parentheses)`,
        columns: ['set', 'Keepsake', 'vipsthumbnail', 'Keepsake ÷ vipsthumbnail'],
        rows: ['jpeg', 'heic'].map((set) => [
          set,
          withRange(ks(set), '/s', 2),
          withRange(base(set), '/s', 2),
          withRange(ratio(set), '×', 2),
        ]),
      },
    ],
    data: Object.fromEntries(
      Object.entries(results).map(([set, r]) => [
        set,
        { keepsake: r.keepsake.map((v) => round(v, 3)), vipsthumbnail: r.vips.map((v) => round(v, 3)) },
      ]),
    ),
  };
}
