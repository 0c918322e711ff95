// dashboard: the Library page in Chromium with 100k seeded assets (--large: 1M). Measured from the
// start of navigation: the first tiles (ThumbHash placeholders) on screen, and the first
// thumbnails decoded and shown. Target < 1 s. Then one scroll through the whole library to its
// end, counting the tiles and elements in the DOM on the way: they must stay bounded.
// Baseline in the same run: a plain HTML page with the same first thumbnails as <img> tags,
// served by the minimal server: how long the browser itself needs to show them.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startMinimal } from '../lib/baselines.mjs';
import { debianProgram } from '../lib/debian.mjs';
import { copyDataDir, owner, root, startKeepsake } from '../lib/keepsake.mjs';
import { Database, seededLibrary } from '../lib/seed.mjs';
import { pairedRatio, round, summary } from '../lib/stats.mjs';
import { liveTable, withRange } from '../lib/table.mjs';
import { libraryAssets } from './check.mjs';

/** The flag that changes this scenario's size; results of each size are kept apart. */
export const sizeFlag = 'large';

/**
 * Distinct thumbnails (and ThumbHashes) spread over the library: more than a screen holds, so
 * each tile on the first screen decodes its own placeholder and image, as in a real library.
 */
const looks = 48;
const viewport = { width: 1280, height: 900 };
const scrollLimitMs = 15 * 60_000;

export function describe(options) {
  return `Library page in Chromium with ${libraryAssets(options).toLocaleString('en')} seeded assets: first tiles and thumbnails, ${options.runs ?? 5} cold loads; then one scroll to the end; vs a plain HTML page of the same thumbnails`;
}

/**
 * The seeded library has rows, not images: `looks` real thumbnails (made with sharp, as the
 * pipeline makes them) and their ThumbHashes are spread over every asset, on a copy of the
 * database.
 */
async function addThumbnails(dataDir) {
  const require = createRequire(path.join(root, 'apps/api/package.json'));
  const sharp = require('sharp');
  const { rgbaToThumbHash } = require('thumbhash');
  const made = [];
  for (let i = 0; i < looks; i++) {
    const [r, g, b] = [(i * 67) % 256, (i * 131 + 60) % 256, (i * 29 + 120) % 256];
    const image = sharp({
      create: {
        width: 427,
        height: 320,
        channels: 3,
        background: { r, g, b },
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    });
    const key = `thumbs/bench/look-${i}.webp`;
    fs.mkdirSync(path.join(dataDir, 'thumbs/bench'), { recursive: true });
    await image.clone().webp({ quality: 75 }).toFile(path.join(dataDir, key));
    const small = await image
      .clone()
      .resize(100, 75)
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const hash = Buffer.from(rgbaToThumbHash(small.info.width, small.info.height, small.data)).toString(
      'base64',
    );
    made.push({ key, hash, size: fs.statSync(path.join(dataDir, key)).size });
  }
  const sqlite = new Database(path.join(dataDir, 'keepsake.sqlite'));
  const spread = sqlite.transaction(() => {
    const files = sqlite.prepare(`select id from files`).all();
    const setHash = sqlite.prepare('update files set thumbhash = ? where id = ?');
    const setKey = sqlite.prepare(
      `update derivatives set storage_key = ?, size = ? where kind = 'thumbnail' and file_id = ?`,
    );
    files.forEach(({ id }, n) => {
      const look = made[n % looks];
      setHash.run(look.hash, id);
      setKey.run(look.key, look.size, id);
    });
  });
  spread();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return made;
}

/** A plain page of the first screen's thumbnails: what the browser alone needs to show them. */
function baselinePage(dir, made, count) {
  const tiles = Array.from(
    { length: count },
    (_, i) =>
      `<img src="/files/${path.basename(made[i % looks].key)}" width="160" height="160" style="object-fit:cover">`,
  ).join('');
  fs.mkdirSync(path.join(dir, 'files'), { recursive: true });
  return `<!doctype html><html><body style="margin:0;display:flex;flex-wrap:wrap;gap:4px">${tiles}</body></html>`;
}

/**
 * Watches the page until the first tile and the first decoded thumbnail are on screen. It looks in
 * the first frame after the DOM changes or an image loads, not in every frame: a check forces a
 * layout, and checking every frame while the page was still loading added its own ~50–100 ms of
 * layout and queries to the load being measured. A slow fallback look covers anything that
 * comes on screen without either.
 */
const firstPaints = () =>
  new Promise((resolve) => {
    const result = { tiles: null, thumbnails: null };
    const onScreen = (el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.top < window.innerHeight && box.bottom > 0;
    };
    let pending = false;
    let fallback;
    const look = () => {
      pending = false;
      const now = performance.now();
      if (result.tiles === null) {
        const tile = [...document.querySelectorAll('[data-testid="library-tile"], img')].find(onScreen);
        if (tile) result.tiles = now;
      }
      if (result.thumbnails === null) {
        const img = [...document.querySelectorAll('img')].find(
          (i) => i.complete && i.naturalWidth > 0 && onScreen(i),
        );
        if (img) result.thumbnails = now;
      }
      if ((result.tiles !== null && result.thumbnails !== null) || now > 30_000) {
        observer.disconnect();
        document.removeEventListener('load', nextFrame, true);
        clearInterval(fallback);
        resolve(result);
      }
    };
    const nextFrame = () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(look);
    };
    const observer = new MutationObserver(nextFrame);
    observer.observe(document, { childList: true, subtree: true });
    document.addEventListener('load', nextFrame, true);
    fallback = setInterval(nextFrame, 250);
  });

async function signedInState(browser, url) {
  const context = await browser.newContext({ baseURL: url, viewport });
  const page = await context.newPage();
  await page.goto('/login/');
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  const state = await context.storageState();
  await context.close();
  return state;
}

/** One cold load (a new browser context: nothing cached) of `url`, timed in the page. */
async function coldLoad(browser, url, storageState) {
  const context = await browser.newContext({ viewport, storageState });
  const page = await context.newPage();
  await page.addInitScript(`window.__firstPaints = (${firstPaints.toString()})()`);
  await page.goto(url, { waitUntil: 'commit' });
  const result = await page.evaluate(() => window.__firstPaints);
  await context.close();
  return result;
}

/** Flings through the whole library frame by frame, as the e2e scale test does, counting the DOM. */
async function scrollToEnd(browser, url, storageState) {
  const context = await browser.newContext({ viewport, storageState });
  const page = await context.newPage();
  await page.goto(`${url}/library/`);
  await page.getByTestId('library-tile').first().waitFor();
  const result = await page.evaluate(async (limitMs) => {
    const done = () => {
      const end = document.querySelector('[data-testid="library-end"]');
      return (
        !!end?.textContent?.startsWith('That is') && end.getBoundingClientRect().top < window.innerHeight
      );
    };
    const out = { maxTiles: 0, maxNodes: 0, steps: 0, ms: 0, reachedEnd: false, end: '' };
    const start = performance.now();
    while (!done() && performance.now() - start < limitMs) {
      window.scrollBy(0, 1800);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20)));
      out.steps++;
      out.maxTiles = Math.max(out.maxTiles, document.querySelectorAll('[data-testid="library-tile"]').length);
      out.maxNodes = Math.max(out.maxNodes, document.getElementsByTagName('*').length);
    }
    out.ms = Math.round(performance.now() - start);
    out.reachedEnd = done();
    out.end = document.querySelector('[data-testid="library-end"]')?.textContent ?? '';
    return out;
  }, scrollLimitMs);
  await context.close();
  return result;
}

/** Chromium from CHROMIUM_PATH, or Debian's package (installed when missing, as for the tests). */
function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const { binary, reason } = debianProgram('chromium', ['/usr/bin/chromium']);
  if (!binary) throw new Error(`The dashboard scenario needs Chromium: ${reason}, or set CHROMIUM_PATH.`);
  return binary;
}

export async function run({ large, runs = 5, dir }) {
  const assets = libraryAssets({ large });
  const library = await seededLibrary(assets);
  const ksDir = path.join(dir, 'keepsake');
  copyDataDir(library.dataDir, ksDir);
  const made = await addThumbnails(ksDir);
  const minimalDir = path.join(dir, 'minimal-files');
  const html = baselinePage(minimalDir, made, 60);
  for (const look of made)
    fs.copyFileSync(path.join(ksDir, look.key), path.join(minimalDir, 'files', path.basename(look.key)));
  fs.writeFileSync(path.join(minimalDir, 'files', 'grid.html'), html);

  const keepsake = await startKeepsake(ksDir);
  const minimal = await startMinimal(minimalDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const measured = { keepsake: [], baseline: [] };
  const table = liveTable('dashboard (each cold load)', [
    { name: 'run', width: 3 },
    { name: 'page', width: 8 },
    { name: 'first tiles ms', width: 14 },
    { name: 'first thumbnails ms', width: 19 },
  ]);
  let scroll;
  try {
    const state = await signedInState(browser, keepsake.url);
    const pages = { keepsake: `${keepsake.url}/library/`, baseline: `${minimal.url}/files/grid.html` };
    await coldLoad(browser, pages.keepsake, state); // warm-up: the server's first queries
    for (let pass = 0; pass < runs; pass++) {
      const order = pass % 2 ? ['baseline', 'keepsake'] : ['keepsake', 'baseline'];
      for (const name of order) {
        const result = await coldLoad(browser, pages[name], name === 'keepsake' ? state : undefined);
        measured[name].push(result);
        table.row([
          pass + 1,
          name,
          result.tiles?.toFixed(0) ?? 'never',
          result.thumbnails?.toFixed(0) ?? 'never',
        ]);
      }
    }
    scroll = await scrollToEnd(browser, keepsake.url, state);
  } finally {
    await browser.close();
    await keepsake.stop();
    await minimal.stop();
    fs.rmSync(ksDir, { recursive: true, force: true });
  }

  const of = (name, field) => measured[name].map((r) => r[field] ?? Number.POSITIVE_INFINITY);
  const thumbnails = summary(of('keepsake', 'thumbnails'));
  return {
    options: { large, runs, assets },
    headline: [
      {
        measure: `Library in Chromium, first thumbnails shown, ${assets.toLocaleString('en')} assets`,
        keepsake: withRange(thumbnails, ' ms'),
        baseline: `plain HTML page ${withRange(summary(of('baseline', 'thumbnails')), ' ms')}`,
        ratio: withRange(pairedRatio(of('keepsake', 'thumbnails'), of('baseline', 'thumbnails')), '×', 2),
        target: '< 1000 ms',
        met: thumbnails.median < 1000,
      },
      {
        measure: `Library scrolled to the end, ${assets.toLocaleString('en')} assets`,
        keepsake: `${scroll.reachedEnd ? 'reached the end' : 'did NOT reach the end'} in ${(scroll.ms / 1000).toFixed(0)} s; at most ${scroll.maxTiles} tiles, ${scroll.maxNodes} elements`,
        baseline: '',
        ratio: '',
        target: 'DOM bounded',
        met: scroll.reachedEnd && scroll.maxNodes < 3000,
      },
    ],
    notes: [
      `Chromium ${browser.version()} headless, ${viewport.width}×${viewport.height}, a new browser context (empty cache) per load, times from the start of navigation as the page's performance.now() gives them. Keepsake: /library/ signed in (the static dashboard, its tRPC calls for the first page and the filter menus, then the thumbnails); baseline: the minimal server's plain HTML page with 60 <img> tags of the same WebP thumbnails.`,
      `The seeded rows get ${looks} real WebP thumbnails (made with sharp) and their ThumbHashes, spread over all assets (a screen shows dozens of different ones, as a real library does).`,
      `Scroll: ${scroll.steps} steps of 1,800 px, one per frame, new pages of 200 loading as the end of the loaded part comes near; ended with "${scroll.end}".`,
    ],
    tables: [
      {
        title: `Cold loads, medians of ${runs} (range in parentheses)`,
        columns: ['page', 'first tiles on screen', 'first thumbnails shown'],
        rows: ['keepsake', 'baseline'].map((name) => [
          name,
          withRange(summary(of(name, 'tiles')), ' ms'),
          withRange(summary(of(name, 'thumbnails')), ' ms'),
        ]),
      },
    ],
    data: {
      keepsake: measured.keepsake.map((r) => ({
        tiles: round(r.tiles ?? -1, 1),
        thumbnails: round(r.thumbnails ?? -1, 1),
      })),
      baseline: measured.baseline.map((r) => ({
        tiles: round(r.tiles ?? -1, 1),
        thumbnails: round(r.thumbnails ?? -1, 1),
      })),
      scroll,
    },
  };
}
