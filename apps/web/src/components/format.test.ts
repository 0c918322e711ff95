import { describe, expect, it } from 'vitest';
import { formatBytes } from './format';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [140_965, '141 KB'],
    [3_200_000, '3.2 MB'],
    [2_000_000_000, '2 GB'],
  ])('%d bytes reads as %s', (bytes, text) => {
    expect(formatBytes(bytes, 'en')).toBe(text);
  });
});
