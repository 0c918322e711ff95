import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { corpusDir, keepsakeCli } from '../support/server';

const email = 'e2e@example.com';
const password = 'an end-to-end password';

test('a person signs in and sees the photo a device uploaded', async ({ page, request }) => {
  keepsakeCli(['user', 'add', '--email', email, '--password', password, '--admin']);
  const device = JSON.parse(
    keepsakeCli(['device', 'add', '--user', email, '--name', 'E2E iPhone', '--json']),
  );

  const file = 'landscape_2.jpg';
  const bytes = fs.readFileSync(path.join(corpusDir, file));
  const upload = await request.put('/api/v1/uploads', {
    data: bytes,
    headers: {
      authorization: `Bearer ${device.apiKey}`,
      'keepsake-filename': file,
      'content-type': 'image/jpeg',
    },
  });
  expect(upload.status()).toBe(201);
  const stored = await upload.json();

  // A phone's check of its whole library is answered on the built server's check threads.
  const hash = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
  const entries = [
    { id: 'sent', sha256: hash(bytes), size: bytes.length },
    ...Array.from({ length: 1999 }, (_, n) => ({ id: `new-${n}`, sha256: hash(`not sent ${n}`) })),
  ];
  const check = await request.post('/api/v1/uploads/check', {
    data: { entries },
    headers: { authorization: `Bearer ${device.apiKey}` },
  });
  expect(check.status()).toBe(200);
  const { results } = await check.json();
  expect(results).toHaveLength(2000);
  expect(results[0]).toEqual({
    id: 'sent',
    exists: true,
    assetId: stored.assetId,
    resourceId: stored.resourceId,
  });
  expect(results.filter((result: { exists: boolean }) => result.exists)).toHaveLength(1);

  await page.goto('/');
  await expect(page).toHaveURL(/\/login\/$/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'do not match' })).toBeVisible();
  await page.screenshot({ path: 'artifacts/screens/login-error.png' });

  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const tile = page.getByTestId('asset-tile').filter({ hasText: file });
  await expect(tile).toBeVisible();
  await expect(tile).toContainText(`${Math.round(bytes.length / 1000)} KB`);
  const thumbnail = tile.getByRole('img', { name: file });
  await expect(thumbnail).toBeVisible({ timeout: 20_000 });
  // The image really decoded: a broken thumbnail has no natural width.
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await page.screenshot({ path: 'artifacts/screens/library.png', fullPage: true });

  // The photo view with no photo named says so and leads back to the Library.
  await page.goto('/asset/');
  await expect(page.getByText('No photo chosen')).toBeVisible();
  await page.getByRole('link', { name: 'Open the Library' }).click();
  await expect(page).toHaveURL(/\/library\/$/);
  await expect(page.getByRole('link', { name: new RegExp(`Photo ${file}`) })).toBeVisible();
});
