const units = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Sizes in human units, in the viewer's locale (1 KB = 1000 B, as file managers show). */
export function formatBytes(bytes: number, locale?: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits })} ${units[unit]}`;
}

export function formatRate(bytesPerSecond: number, locale?: string): string {
  return `${formatBytes(bytesPerSecond, locale)}/s`;
}

export function formatCount(count: number, locale?: string): string {
  return count.toLocaleString(locale);
}

/** "1 photo", "2,400 photos": counts with their noun. */
export function plural(count: number, one: string, many: string, locale?: string): string {
  return `${formatCount(count, locale)} ${count === 1 ? one : many}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A date formatter for this locale and these options, made once: the library labels every tile
 * and day it draws, and making one per call (as `toLocaleDateString` does) is slow.
 */
function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, format);
  }
  return format;
}

/** Date and time in the viewer's locale and time zone. */
export function formatDateTime(iso: string, locale?: string): string {
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

const relativeSteps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 minutes ago", "yesterday", "just now". */
export function formatRelative(iso: string, now = Date.now(), locale?: string): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of relativeSteps) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return Math.abs(seconds) < 45 ? 'just now' : format.format(Math.round(seconds), 'second');
}

/** Time left, rounded the way a person would say it: "45 s", "3 min", "1 h 20 min". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** A video's length as 0:42 or 1:02:03. */
export function formatClock(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * The heading of a day in the library: "Today", "Yesterday", "Saturday 14 June", with the year
 * only when it is not this year.
 */
export function formatDayHeading(dayKey: string, now = new Date(), locale?: string): string {
  const date = localDay(dayKey);
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const diff = Math.round((today.getTime() - date.getTime()) / 86_400_000);
  if (diff === 0) return 'Today';
  if (diff === 1) return 'Yesterday';
  return dateFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  }).format(date);
}

/** "14 Jun": the axis labels of the charts. */
export function formatShortDay(dayKey: string, locale?: string): string {
  return dateFormat(locale, { day: 'numeric', month: 'short' }).format(localDay(dayKey));
}

/** Local midnight at the start of a calendar day (YYYY-MM-DD), `plusDays` later if given. */
export function localDay(dayKey: string, plusDays = 0): Date {
  const [y, m, d] = dayKey.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays);
}

/** What an upload's device is called; uploads from the dashboard have none. */
export const deviceLabel = (device: { name: string } | null | undefined): string =>
  device?.name ?? 'Dashboard upload';

/** The viewer's calendar day (YYYY-MM-DD) of an instant. */
export function localDayKey(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
