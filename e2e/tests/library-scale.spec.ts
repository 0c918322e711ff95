import { expect, type Locator, test } from '@playwright/test';
import { type OwnServer, startOwnServer } from '../support/own-server';
import { seedLibrary } from '../support/seed-library';
import { screens, signIn } from '../support/sign-in';

const email = 'many@example.com';
const password = 'ten thousand photos';
const count = 10_000;
let server: OwnServer;

test.beforeAll(async () => {
  server = await startOwnServer(async (dataDir, cli) => {
    cli(['user', 'add', '--email', email, '--password', password, '--admin']);
    await seedLibrary(dataDir, email, count);
  });
});
test.afterAll(async () => server?.stop());

/** How wide the first tile's thumbnail decoded: 0 until it has. */
const firstThumbnailWidth = (tiles: Locator) =>
  tiles
    .first()
    .locator('img')
    .evaluate((img: HTMLImageElement) => img.naturalWidth);
test.use({ baseURL: undefined });

test('the library scrolls through 10,000 assets to the end with a bounded DOM', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, email, password);
  await page.goto('/library/');
  await expect(page.getByRole('heading', { name: /Library/ })).toContainText('10,000 items');
  const tiles = page.getByTestId('library-tile');
  await expect(tiles.first()).toBeVisible();
  // Each tile paints its ThumbHash's colour at once; then the thumbnails decode.
  await expect(tiles.first()).toHaveAttribute('style', /background-color: rgb/);
  await expect.poll(() => firstThumbnailWidth(tiles)).toBeGreaterThan(0);
  await page.screenshot({ path: screens('library-10k-top') });

  const end = page.getByTestId('library-end');
  await page.mouse.wheel(0, 30_000);
  await expect(tiles.first()).toBeVisible();
  await page.screenshot({ path: screens('library-10k-scrolled') });
  // Scroll as a person flinging through the library would, frame after frame, counting what
  // exists in the DOM on the way; new pages load as the end of the loaded part comes near.
  const run = await page.evaluate(async () => {
    // Done when the last page is loaded and the end of the list is on screen.
    const done = () => {
      const end = document.querySelector('[data-testid="library-end"]');
      return (
        !!end?.textContent?.startsWith('That is') && end.getBoundingClientRect().top < window.innerHeight
      );
    };
    const result = { maxTiles: 0, maxNodes: 0, frames: 0, ms: 0 };
    const start = performance.now();
    while (!done() && performance.now() - start < 100_000) {
      window.scrollBy(0, 1800);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20)));
      result.frames++;
      result.maxTiles = Math.max(
        result.maxTiles,
        document.querySelectorAll('[data-testid="library-tile"]').length,
      );
      result.maxNodes = Math.max(result.maxNodes, document.getElementsByTagName('*').length);
    }
    result.ms = Math.round(performance.now() - start);
    return result;
  });
  console.log(
    `library: ${count} assets scrolled in ${run.ms} ms (${run.frames} steps); at most ${run.maxTiles} tiles and ${run.maxNodes} elements in the DOM`,
  );
  await expect(end).toHaveText('That is everything: 10,000 items.');
  await expect(end).toBeInViewport();
  // Only the rows near the viewport exist: a few hundred tiles at most, never thousands.
  expect(run.maxTiles).toBeGreaterThan(20);
  expect(run.maxTiles).toBeLessThan(400);
  expect(run.maxNodes).toBeLessThan(3000);
  // The oldest day's heading is pinned under the page header at the end.
  const pinned = page.getByTestId('pinned-day');
  await expect(pinned).toBeVisible();
  // It names the day whose heading last went under the page header.
  const dayAtTop = await page.evaluate(() => {
    const header = document.querySelector('header')!.getBoundingClientRect().bottom;
    const headings = Array.from(document.querySelectorAll('[data-testid="library-grid"] h2')).filter(
      (h) => !h.closest('[data-testid="pinned-day"]') && h.getBoundingClientRect().top <= header + 1,
    );
    return headings.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).at(-1)
      ?.textContent;
  });
  await expect(pinned).toHaveText(dayAtTop ?? 'no heading above the fold');
  // Thumbnails of the rows on screen load once the scrolling stops.
  await expect
    .poll(
      () =>
        tiles
          .last()
          .locator('img')
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      { timeout: 15_000 },
    )
    .toBeGreaterThan(0);
  await page.screenshot({ path: screens('library-10k-end') });

  // Filters narrow the same virtual list: videos only, then a file name.
  await page.goto('/library/?kind=video');
  await expect(tiles.first()).toBeVisible();
  await expect(tiles.first()).toHaveAttribute('aria-label', /^Video /);
  await page.getByLabel('File name').fill('IMG_00004');
  await expect(page).toHaveURL(/q=IMG_00004/);
  await expect(tiles).toHaveCount(1);
  await expect(tiles.first()).toHaveAttribute('aria-label', /IMG_00004\.MOV/);
  await page.screenshot({ path: screens('library-filtered') });
  await context.close();
});

test('tiles whose thumbnails are slow show their ThumbHash blur until they arrive', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, email, password);
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/api/v1/assets/*/thumbnail', async (route) => {
    await released;
    await route.continue();
  });
  // Not until `load`: the page's load event waits for the images this test holds back.
  await page.goto('/library/', { waitUntil: 'domcontentloaded' });
  const tiles = page.getByTestId('library-tile');
  await expect(tiles.first()).toHaveAttribute('style', /data:image\/png/);
  await expect(tiles.nth(20)).toHaveAttribute('style', /data:image\/png/);
  expect(await firstThumbnailWidth(tiles)).toBe(0);
  release();
  await expect.poll(() => firstThumbnailWidth(tiles)).toBeGreaterThan(0);
  await context.close();
});

test('a cold load of the Library asks for its first page once, before its scripts have loaded', async ({
  browser,
}) => {
  const signedIn = await browser.newContext({ baseURL: server.url });
  await signIn(await signedIn.newPage(), email, password);
  const storageState = await signedIn.storageState();
  await signedIn.close();

  // A new context: nothing cached, as when a person opens the Library in a new browser.
  const context = await browser.newContext({ baseURL: server.url, storageState });
  const page = await context.newPage();
  const asked: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/trpc/')) asked.push(`${url.pathname}${url.search}`);
  });
  await page.goto('/library/');
  const tiles = page.getByTestId('library-tile');
  await expect.poll(() => firstThumbnailWidth(tiles)).toBeGreaterThan(0);
  // The filter menus' counts come after the first screen.
  await expect(page.getByRole('heading', { name: /Library/ })).toContainText('10,000 items');

  // The page's script started both queries, and the dashboard took their answers instead of
  // asking again (lib/early-queries.ts).
  const early = await page.evaluate(() => {
    const answers = (window as { __keepsakeEarly?: { answers: Record<string, unknown> } }).__keepsakeEarly
      ?.answers;
    return answers ? Object.keys(answers) : null;
  });
  expect(early).toEqual([]);
  expect(asked.filter((url) => url.startsWith('/trpc/auth.me'))).toHaveLength(1);
  const firstPages = asked.filter(
    (url) => url.startsWith('/trpc/library.list') && !decodeURIComponent(url).includes('cursor'),
  );
  expect(firstPages).toHaveLength(1);
  await context.close();
});
