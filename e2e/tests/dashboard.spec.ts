import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { addDeviceKey, phoneUpload } from '../support/device-key';
import { corpusFile, largePhoto, truncatedHeic } from '../support/media';
import { keepsakeCli } from '../support/server';
import { screens, signIn } from '../support/sign-in';

const email = 'dashboard@example.com';
const password = 'a dashboard password';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
let phoneKey: string;

test.beforeAll(async ({ browser }, testInfo) => {
  keepsakeCli(['user', 'add', '--email', email, '--password', password]);
  context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    viewport: { width: 1280, height: 900 },
  });
  page = await context.newPage();
  await signIn(page, email, password);
});
test.afterAll(async () => context?.close());

test('pairing a device shows its key once with a QR code, and its uploads count for it', async () => {
  await page.screenshot({ path: screens('overview-empty'), fullPage: true });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices' }).click();
  await expect(page.getByText('No device yet')).toBeVisible();
  await page.getByLabel('Name').fill('E2E iPhone');
  await page.getByRole('button', { name: 'Add device' }).click();
  const card = page.getByTestId('pairing-card');
  await expect(card).toBeVisible();
  phoneKey = (await card.getByTestId('device-key').textContent()) ?? '';
  expect(phoneKey).toMatch(/^ksk_/);
  const qr = card.getByRole('img', { name: /Pairing code/ });
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
  // The page was opened as 127.0.0.1, which a phone cannot reach: it says so.
  await expect(card.getByRole('note')).toContainText('a phone cannot reach');
  await page.screenshot({ path: screens('devices-pairing') });

  const photo = fs.readFileSync(corpusFile('landscape_2.jpg'));
  expect((await phoneUpload(page.request, phoneKey, 'landscape_2.jpg', photo)).status()).toBe(201);
  await card.getByRole('button', { name: /Done/ }).click();
  await expect(card).toBeHidden();
  const device = page.getByTestId('device').filter({ hasText: 'E2E iPhone' });
  await expect(device).toContainText('1 item', { timeout: 20_000 });
  await expect(device).toContainText('Backed up');

  await device.getByRole('button', { name: 'Rename' }).click();
  // While renamed, the row holds a form instead of the name.
  await page.getByLabel('New name').fill('Anna’s iPhone');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('device').filter({ hasText: 'Anna’s iPhone' })).toBeVisible();

  const spare = await addDeviceKey(page, 'Spare phone');
  await page.reload();
  const spareRow = page.getByTestId('device').filter({ hasText: 'Spare phone' });
  await spareRow.getByRole('button', { name: 'Revoke' }).click();
  await spareRow.getByRole('button', { name: 'Revoke its key' }).click();
  await expect(spareRow).toContainText('Revoked');
  const refused = await phoneUpload(page.request, spare.apiKey, 'x.jpg', photo);
  expect(refused.status()).toBe(401);
  await page.screenshot({ path: screens('devices'), fullPage: true });
});

test('a large throttled browser upload shows its progress live, in the library and on Activity', async () => {
  test.setTimeout(120_000);
  const big = largePhoto('big-holiday.jpg', 50);
  await page.goto('/library/');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  // About 6 MB/s: the 50 MB file takes several seconds, long enough to watch.
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 5,
    downloadThroughput: -1,
    uploadThroughput: 6 * 1024 * 1024,
  });
  await page.getByTestId('upload-files').setInputFiles([big, corpusFile('landscape_2.jpg')]);

  const activity = await context.newPage();
  await activity.goto('/activity/');
  await expect(activity.getByTestId('live-status')).toHaveText('Live');
  const bar = activity
    .getByTestId('upload-in-flight')
    .filter({ hasText: 'big-holiday.jpg' })
    .getByRole('progressbar');
  await expect(bar).toBeVisible({ timeout: 20_000 });
  // Sent with the dashboard's session, not a device key.
  await expect(activity.getByTestId('upload-in-flight').filter({ hasText: 'big-holiday.jpg' })).toContainText(
    'Dashboard upload',
  );
  const seen: number[] = [];
  let shot = false;
  while (seen.length < 60) {
    const now = Number(
      (await bar.getAttribute('aria-valuenow', { timeout: 1000 }).catch(() => null)) ?? Number.NaN,
    );
    if (Number.isNaN(now)) break;
    if (now !== seen.at(-1)) seen.push(now);
    if (!shot && now > 15_000_000) {
      await activity.screenshot({ path: screens('activity-uploading') });
      await page.screenshot({ path: screens('library-uploading') });
      shot = true;
    }
    await activity.waitForTimeout(300);
  }
  // The server-side progress moved while the bytes were arriving (the server notes it every
  // few seconds), and only ever forward.
  expect(seen.filter((bytes) => bytes > 0 && bytes < 50_000_000).length).toBeGreaterThanOrEqual(2);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  await expect(activity.getByTestId('upload-progress-text').first()).toBeHidden({ timeout: 30_000 });
  await expect(activity.getByTestId('recent-upload').filter({ hasText: 'big-holiday.jpg' })).toContainText(
    'Stored',
  );
  await activity.screenshot({ path: screens('activity') });
  await activity.close();

  const panel = page.getByTestId('upload-panel');
  await expect(panel.getByTestId('upload-item').filter({ hasText: 'big-holiday.jpg' })).toHaveAttribute(
    'data-state',
    'done',
    {
      timeout: 30_000,
    },
  );
  // The phone sent landscape_2.jpg already: the browser asks first and skips it.
  await expect(panel.getByTestId('upload-item').filter({ hasText: 'landscape_2.jpg' })).toContainText(
    'Already on the server',
  );
  await expect(panel).toContainText('Upload finished');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await page.screenshot({ path: screens('library-uploaded') });
});

test('an upload cut short by a reload resumes where it stopped when the file is added again', async () => {
  test.setTimeout(90_000);
  const file = largePhoto('resumed-video-frame.jpg', 20);
  await page.goto('/library/');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 5,
    downloadThroughput: -1,
    uploadThroughput: 2 * 1024 * 1024,
  });
  await page.getByTestId('upload-files').setInputFiles(file);
  const item = page.getByTestId('upload-item').filter({ hasText: 'resumed-video-frame.jpg' });
  await expect
    .poll(
      async () =>
        Number(
          await item
            .getByRole('progressbar')
            .getAttribute('aria-valuenow')
            .catch(() => 0),
        ),
      {
        timeout: 30_000,
      },
    )
    .toBeGreaterThan(5_000_000);
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'did not finish' })).toContainText(
    'resumed-video-frame.jpg',
  );
  await page.screenshot({ path: screens('library-interrupted') });
  await page.getByTestId('upload-files').setInputFiles(file);
  // It continues the same upload on the server from where it stopped, rather than starting over.
  await expect(item).toContainText('(resumed)', { timeout: 15_000 });
  expect(Number(await item.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeGreaterThan(
    5_000_000,
  );
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await expect(item).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'did not finish' })).toBeHidden();
  const activity = await context.newPage();
  await activity.goto('/activity/');
  await expect(
    activity.getByTestId('recent-upload').filter({ hasText: 'resumed-video-frame.jpg' }),
  ).toHaveCount(1);
  await expect(activity.getByText('waiting for its device to resume')).toBeHidden();
  await activity.close();
});

test('a corrupt file and a damaged upload show on Failures with what to do; retry and dismiss work', async () => {
  test.setTimeout(90_000);
  const cut = truncatedHeic('IMG_CUT.HEIC');
  expect((await phoneUpload(page.request, phoneKey, 'IMG_CUT.HEIC', cut)).status()).toBe(201);
  const photo = fs.readFileSync(corpusFile('portrait_3.jpg'));
  const wrongDigest = Buffer.alloc(32, 7).toString('base64');
  const damaged = await phoneUpload(page.request, phoneKey, 'portrait_3.jpg', photo, {
    'repr-digest': `sha-256=:${wrongDigest}:`,
  });
  expect(damaged.status()).toBe(400);

  await page.goto('/failures/');
  const corrupt = page
    .getByTestId('failure')
    .filter({ hasText: 'IMG_CUT.HEIC' })
    .filter({ hasText: 'Thumbnail' });
  await expect(corrupt).toBeVisible({ timeout: 30_000 });
  await expect(corrupt).toContainText('damaged or cut short');
  await expect(corrupt).toContainText('What to do:');
  await expect(corrupt).toContainText('Anna’s iPhone');
  const upload = page.getByTestId('failure').filter({ hasText: 'portrait_3.jpg' });
  await expect(upload).toContainText('damaged on the way');
  await expect(upload).toContainText('The phone sends the file again');
  await expect(upload.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('status')).toBeVisible();
  await page.screenshot({ path: screens('failures'), fullPage: true });

  // Filters: by kind.
  await page.getByLabel('Kind').selectOption('upload');
  await expect(page.getByTestId('failure')).toHaveCount(1);
  await page.getByLabel('Kind').selectOption('');

  // Retry runs the job again; the file is still cut short, so it comes back, live.
  const failedAt = await corrupt.locator('time').getAttribute('datetime');
  await corrupt.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'being processed again' })).toBeVisible();
  await expect
    .poll(
      () =>
        corrupt
          .locator('time')
          .getAttribute('datetime', { timeout: 1000 })
          .catch(() => failedAt),
      {
        timeout: 30_000,
      },
    )
    .not.toBe(failedAt);
  await expect(corrupt).toContainText('tried 1×');

  // Dismissing is kept by the server: hidden in another browser too, and it can be undone.
  await upload.getByRole('button', { name: /Dismiss/ }).click();
  await expect(upload).toBeHidden();
  await expect(page.getByText('1 dismissed failure is hidden')).toBeVisible();
  const elsewhere = await context.browser()!.newContext({ baseURL: test.info().project.use.baseURL });
  const laptop = await elsewhere.newPage();
  await signIn(laptop, email, password);
  await laptop.goto('/failures/');
  await expect(laptop.getByTestId('failure').filter({ hasText: 'IMG_CUT.HEIC' }).first()).toBeVisible();
  await expect(laptop.getByTestId('failure').filter({ hasText: 'portrait_3.jpg' })).toBeHidden();
  await expect(laptop.getByText('1 dismissed failure is hidden')).toBeVisible();
  await laptop.getByRole('button', { name: 'Sign out' }).click();
  await expect(laptop).toHaveURL(/\/login\/$/);
  await elsewhere.close();
  await page.reload();
  await expect(page.getByTestId('failure').filter({ hasText: 'portrait_3.jpg' })).toBeHidden();
  await page.getByRole('button', { name: 'Show them again' }).click();
  await expect(page.getByTestId('failure').filter({ hasText: 'portrait_3.jpg' })).toBeVisible();
});

test('the asset view shows the photo, all its metadata, and steps through the library by keyboard', async () => {
  const bytes = fs.readFileSync(corpusFile('landscape_2.jpg'));
  await page.goto('/library/?q=landscape_2');
  await page.getByTestId('library-tile').first().click();
  await expect(page).toHaveURL(/\/asset\/\?id=.+&q=landscape_2/);
  const image = page.getByTestId('asset-image');
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 20_000 })
    .toBeGreaterThan(0);
  await expect(page.getByTestId('checksum')).toHaveText(sha256(bytes));
  const details = page.getByRole('complementary', { name: 'Details' });
  await expect(details).toContainText('Anna’s iPhone');
  await expect(details).toContainText('Taken');
  await expect(page.getByTestId('resource')).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'Download original' })).toHaveAttribute('href', /\/original$/);
  await page.screenshot({ path: screens('asset') });

  // Without a filter, → goes to the next older asset and ← comes back.
  await page.goto(page.url().replace('&q=landscape_2', ''));
  const first = new URL(page.url()).searchParams.get('id');
  await expect(page.getByTestId('checksum')).toBeVisible();
  // Step to whichever neighbour there is, and back.
  const older = page.getByRole('link', { name: 'Next (older)' });
  const newer = page.getByRole('link', { name: 'Previous (newer)' });
  const enabled = async (link: typeof older) => (await link.getAttribute('aria-disabled')) !== 'true';
  await expect.poll(async () => (await enabled(older)) || (await enabled(newer))).toBe(true);
  const [away, back] = (await enabled(older)) ? ['ArrowRight', 'ArrowLeft'] : ['ArrowLeft', 'ArrowRight'];
  await page.keyboard.press(away);
  await expect.poll(() => new URL(page.url()).searchParams.get('id')).not.toBe(first);
  await expect(page.getByTestId('checksum')).not.toHaveText(sha256(bytes));
  // The keys step to the neighbours once they are known, as the links show.
  await expect.poll(() => enabled(back === 'ArrowLeft' ? newer : older)).toBe(true);
  await page.keyboard.press(back);
  await expect.poll(() => new URL(page.url()).searchParams.get('id')).toBe(first);
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/\/library\/$/);
});

test('a Live Photo plays its motion while the pointer rests on it', async () => {
  const headers = { 'keepsake-asset-id': 'LIVE-E2E/L0/001' };
  const still = fs.readFileSync(corpusFile('livepair_b_still.jpg'));
  const motion = fs.readFileSync(corpusFile('livepair_b_motion.mov'));
  expect(
    (
      await phoneUpload(page.request, phoneKey, 'IMG_LIVE.JPG', still, {
        ...headers,
        'keepsake-resource-type': 'photo',
      })
    ).ok(),
  ).toBe(true);
  const moved = await phoneUpload(page.request, phoneKey, 'IMG_LIVE.MOV', motion, {
    ...headers,
    'keepsake-resource-type': 'pairedVideo',
  });
  const { assetId } = await moved.json();
  // This test is about the hover, not about how fast a busy machine makes previews: wait for
  // both resources to be processed before opening the view.
  await expect
    .poll(
      async () => {
        const detail = await (
          await page.request.get(`/api/v1/assets/${assetId}`, {
            headers: { authorization: `Bearer ${phoneKey}` },
          })
        ).json();
        return detail.resources.every(
          (r: { processing: { thumbnail: { state: string } } }) =>
            r.processing.thumbnail.state === 'succeeded',
        );
      },
      { timeout: 90_000 },
    )
    .toBe(true);
  await page.goto(`/asset/?id=${assetId}`);
  await expect(page.getByTestId('resource')).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'LIVE' })).toBeVisible();
  await expect
    .poll(() => page.getByTestId('asset-image').evaluate((img: HTMLImageElement) => img.naturalWidth), {
      timeout: 20_000,
    })
    .toBeGreaterThan(0);
  const video = page.getByTestId('live-motion');
  await page.getByTestId('asset-image').hover();
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 })
    .toBeGreaterThan(0);
  await page.screenshot({ path: screens('asset-live') });
  await page.mouse.move(0, 0);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
});

test('the overview answers at a glance, on a laptop and a phone, light and dark', async () => {
  await page.goto('/');
  await expect(page.getByTestId('headline')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Needs attention' })).toContainText('failure');
  await expect(page.getByText('Photos and videos')).toBeVisible();
  await expect(page.getByText('Free space', { exact: true })).toBeVisible();
  await expect(page.getByTestId('device-status').filter({ hasText: 'Anna’s iPhone' })).toBeVisible();
  await expect(page.getByRole('figure').first()).toBeVisible();
  await page.screenshot({ path: screens('overview'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: screens('overview-dark'), fullPage: true });
  await page.goto('/library/');
  await expect(page.getByTestId('library-tile').first()).toBeVisible();
  await page.screenshot({ path: screens('library-dark') });
  await page.emulateMedia({ colorScheme: 'light' });

  const phone = await context.browser()!.newContext({
    baseURL: test.info().project.use.baseURL,
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    storageState: await context.storageState(),
  });
  const small = await phone.newPage();
  for (const [path, name] of [
    ['/', 'overview-phone'],
    ['/library/', 'library-phone'],
    ['/failures/', 'failures-phone'],
    ['/activity/', 'activity-phone'],
    ['/devices/', 'devices-phone'],
  ] as const) {
    await small.goto(path);
    await expect(small.getByRole('navigation', { name: 'Main' })).toBeVisible();
    // Activity streams over a connection that never goes idle: wait for its first snapshot.
    if (path === '/activity/') await expect(small.getByTestId('recent-upload').first()).toBeVisible();
    else await small.waitForLoadState('networkidle').catch(() => undefined);
    // Nothing may be wider than the phone's screen (scrolling boxes such as the menu aside).
    const tooWide = await small.evaluate(() =>
      document.documentElement.scrollWidth <= window.innerWidth
        ? []
        : Array.from(document.querySelectorAll('body *'))
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('nav'))
            .map((e) => `<${e.tagName.toLowerCase()} class="${e.getAttribute('class')}">`)
            .slice(0, 5),
    );
    expect(tooWide, `${path} is wider than the phone`).toEqual([]);
    await small.screenshot({ path: screens(name), fullPage: name !== 'library-phone' });
  }
  await phone.close();
});

test('settings: change the password, sign out, and sign in with the new one', async () => {
  await page.goto('/settings/');
  await page.getByLabel('Current password').fill(password);
  await page.getByLabel('New password (at least 10 characters)').fill('a brand new password');
  await page.getByLabel('New password again').fill('a brand new password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Password changed' })).toBeVisible();
  await page.screenshot({ path: screens('settings') });
  await page.getByRole('main').getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login\/$/);
  await signIn(page, email, 'a brand new password');
});
