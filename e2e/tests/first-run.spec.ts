import { expect, test } from '@playwright/test';
import { type OwnServer, startOwnServer } from '../support/own-server';
import { screens } from '../support/sign-in';

// A server of its own: first-run setup works only while there is no account, and the shared
// server gets accounts from the other specs.
let server: OwnServer;
test.beforeAll(async () => {
  server = await startOwnServer();
});
test.afterAll(async () => server?.stop());

test('the first visit to a new server creates the admin; then setup is closed', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup\/$/);
  await expect(page.getByRole('heading', { name: 'Welcome to Keepsake' })).toBeVisible();
  await page.getByLabel('Email').fill('Owner@Example.com');
  await page.getByLabel('Password (at least 10 characters)').fill('the first password');
  await page.getByLabel('Password again').fill('not the same password');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'differ' })).toBeVisible();
  await page.getByLabel('Password again').fill('the first password');
  await page.screenshot({ path: screens('setup') });
  await page.getByRole('button', { name: 'Create admin account' }).click();

  // Signed in at once, and sent on to pair a phone.
  await expect(page).toHaveURL(/\/devices\/$/);
  await expect(page.getByText('owner@example.com')).toBeVisible();
  await expect(page.getByText('No device yet')).toBeVisible();
  await page.screenshot({ path: screens('first-run-devices') });

  // Nobody else can claim the server now, from the page or the API.
  const stranger = await browser.newContext({ baseURL: server.url });
  const other = await stranger.newPage();
  await other.goto('/setup/');
  await expect(other).toHaveURL(/\/login\/$/);
  const claim = await other.request.post('/trpc/setup.createAdmin', {
    data: { email: 'intruder@example.com', password: 'another long password' },
    headers: { 'x-keepsake-client': 'web' },
  });
  expect(claim.status()).toBe(409);
  expect(await claim.text()).toContain('already has an admin');

  // The admin signs out and back in with the password chosen at setup.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login\/$/);
  await page.getByLabel('Email').fill('owner@example.com');
  await page.getByLabel('Password').fill('the first password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('headline')).toContainText('Nothing backed up yet');
  await page.screenshot({ path: screens('overview-new-server'), fullPage: true });
  await stranger.close();
  await context.close();
});
