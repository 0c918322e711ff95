const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
export function dayKey(ms: number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format.format(ms);
}

/**
 * The `count` calendar days ending with today in `timeZone`, oldest first. Stepping through
 * calendar dates (not 24-hour periods) keeps a DST change from skipping or repeating a day.
 */
export function lastDays(count: number, now: number, timeZone: string): string[] {
  const [year, month, day] = dayKey(now, timeZone).split('-').map(Number) as [number, number, number];
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.UTC(year, month - 1, day - (count - 1 - i))).toISOString().slice(0, 10),
  );
}

/** Quarter-hour buckets are fine enough for every zone's offset (all are multiples of 15 minutes). */
export const bucketMs = 15 * 60_000;
