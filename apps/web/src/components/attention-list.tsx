import Link from 'next/link';

export interface AttentionItem {
  key: string;
  severity: 'warning' | 'error';
  title: string;
  detail: string;
  href?: string;
  action?: string;
}

/** What needs a person, most urgent first, at the top of the Overview. */
export function AttentionList({ items }: { items: AttentionItem[] }) {
  if (items.length === 0) return null;
  const sorted = [...items].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <section aria-label="Needs attention" className="space-y-2">
      {sorted.map((item) => (
        <div
          key={item.key}
          role={item.severity === 'error' ? 'alert' : 'status'}
          className={`flex flex-wrap items-center justify-between gap-3 rounded-xl border p-3 text-sm ${
            item.severity === 'error'
              ? 'border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200'
              : 'border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950/60 dark:text-amber-200'
          }`}
        >
          <div>
            <p className="font-semibold">{item.title}</p>
            <p className="opacity-90">{item.detail}</p>
          </div>
          {item.href && item.action && (
            <Link
              href={item.href}
              className="rounded-md bg-white/70 px-3 py-1.5 font-medium shadow-sm hover:bg-white dark:bg-black/30 dark:hover:bg-black/50"
            >
              {item.action}
            </Link>
          )}
        </div>
      ))}
    </section>
  );
}
