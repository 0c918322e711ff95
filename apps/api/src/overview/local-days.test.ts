import { describe, expect, it } from 'vitest';
import { dayKey, lastDays } from './local-days.js';

describe('local days', () => {
  it("puts an instant on the viewer's calendar day", () => {
    const lateEvening = Date.parse('2026-03-01T23:30:00Z');
    expect(dayKey(lateEvening, 'UTC')).toBe('2026-03-01');
    expect(dayKey(lateEvening, 'Europe/Paris')).toBe('2026-03-02');
    expect(dayKey(lateEvening, 'America/Los_Angeles')).toBe('2026-03-01');
    expect(dayKey(lateEvening, 'Asia/Kolkata')).toBe('2026-03-02');
  });

  it('lists calendar days across a DST change without skipping or repeating one', () => {
    // Europe/Paris moves its clocks forward on 29 March 2026.
    const days = lastDays(5, Date.parse('2026-03-31T10:00:00Z'), 'Europe/Paris');
    expect(days).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']);
  });
});
