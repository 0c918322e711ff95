import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { copyDataDir, owner, root, startKeepsake } from '/work/main/bench/lib/keepsake.mjs';
import { Database, seededLibrary } from '/work/main/bench/lib/seed.mjs';
const looks = 6;
const viewport = { width: 1280, height: 900 };
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

/** Polls in the page until the first tile and the first decoded thumbnail are on screen. */
const firstPaints = () =>
  new Promise((resolve) => {
    const result = { tiles: null, thumbnails: null };
    const step = () => {
      const now = performance.now();
      const onScreen = (el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.top < window.innerHeight && box.bottom > 0;
      };
      const tile = [...document.querySelectorAll('[data-testid="library-tile"], img')].find(onScreen);
      if (tile && result.tiles === null) result.tiles = now;
      const img = [...document.querySelectorAll('img')].find(
        (i) => i.complete && i.naturalWidth > 0 && onScreen(i),
      );
      if (img && result.thumbnails === null) result.thumbnails = now;
      if (result.tiles !== null && result.thumbnails !== null) resolve(result);
      else if (now > 30_000) resolve(result);
      else requestAnimationFrame(step);
    };
    step();
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


const library = await seededLibrary(100000);
const ksDir = '/tmp/s3/dash';
if (!fs.existsSync(ksDir + '/thumbs')) { copyDataDir(library.dataDir, ksDir); await addThumbnails(ksDir); }
const keepsake = await startKeepsake(ksDir, process.env.PROF ? { mainFile: '/tmp/s3/profwrap.mjs' } : {});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
try {
  const state = await signedInState(browser, keepsake.url);
  for (let i = 0; i < Number(process.argv[2] ?? 3); i++) {
    const context = await browser.newContext({ viewport, storageState: state });
    const page = await context.newPage();
    await page.addInitScript(`window.__firstPaints = (${firstPaints.toString()})()`);
    await page.goto(keepsake.url + '/library/', { waitUntil: 'commit' });
    const result = await page.evaluate(() => window.__firstPaints);
    const entries = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const r = performance.getEntriesByType('resource').map((e) => [e.name.replace(location.origin, '').slice(0, 60), Math.round(e.startTime), Math.round(e.responseStart), Math.round(e.responseEnd)]);
      return { nav: [Math.round(nav.responseEnd), Math.round(nav.domContentLoadedEventEnd)], r };
    });
    console.log('RUN', i, 'tiles', result.tiles?.toFixed(0), 'thumbs', result.thumbnails?.toFixed(0), 'nav', entries.nav.join('/'));
    if (i === Number(process.argv[2] ?? 3) - 1 || process.argv[3]) for (const e of entries.r.filter(e=>e[1] < result.thumbnails + 100)) console.log('  ', e.join('  '));
    await context.close();
  }
} finally { await browser.close(); await keepsake.stop(); }
