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
