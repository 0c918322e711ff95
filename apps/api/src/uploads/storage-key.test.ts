import { describe, expect, it } from 'vitest';
import { originalKey } from './storage-key.js';

const sha = 'ab'.repeat(32);

describe('originalKey', () => {
  it('is built from the user and the content, keeping only a clean extension', () => {
    expect(originalKey('u1', sha, 'IMG_0001.HEIC')).toBe(`library/u1/ab/ab/${sha}.heic`);
  });
  it.each([
    '../../etc/passwd',
    '/absolute/path.jpg\u0000.png',
    'é'.repeat(300),
    'photo.j p g',
    'C:\\Windows\\evil.exe',
  ])('never lets the client name shape the path: %s', (name) => {
    const key = originalKey('u1', sha, name);
    expect(key).toMatch(/^library\/u1\/ab\/ab\/[0-9a-f]{64}(\.[a-z0-9]{1,8})?$/);
  });
});
