import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock, formatDayHeading, formatDuration, formatRelative, plural } from './format';

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

describe('time', () => {
  const now = Date.parse('2026-06-15T12:00:00Z');
  it('says how long ago in words', () => {
    expect(formatRelative('2026-06-15T11:59:50Z', now, 'en')).toBe('just now');
    expect(formatRelative('2026-06-15T11:57:00Z', now, 'en')).toBe('3 minutes ago');
    expect(formatRelative('2026-06-14T12:00:00Z', now, 'en')).toBe('yesterday');
  });
  it('rounds time left the way a person says it', () => {
    expect(formatDuration(12.4)).toBe('12 s');
    expect(formatDuration(185)).toBe('3 min');
    expect(formatDuration(4800)).toBe('1 h 20 min');
    expect(formatClock(62_000)).toBe('1:02');
    expect(formatClock(3_723_000)).toBe('1:02:03');
  });
  it('names days as a person would', () => {
    const today = new Date(2026, 5, 15, 9);
    expect(formatDayHeading('2026-06-15', today, 'en')).toBe('Today');
    expect(formatDayHeading('2026-06-14', today, 'en')).toBe('Yesterday');
    expect(formatDayHeading('2026-06-01', today, 'en-GB')).toBe('Monday 1 June');
    expect(formatDayHeading('2025-12-24', today, 'en-GB')).toBe('Wednesday, 24 December 2025');
  });
  it('counts with the right noun', () => {
    expect(plural(1, 'photo', 'photos', 'en')).toBe('1 photo');
    expect(plural(12_400, 'photo', 'photos', 'en')).toBe('12,400 photos');
  });
});
