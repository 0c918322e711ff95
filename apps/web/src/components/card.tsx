import type { ComponentProps, ReactNode } from 'react';

/**
 * A titled panel; `action` sits at the right of the title (a link, a button). Other props
 * (an `aria-label`, a test id) go to the section.
 */
export function Card({
  title,
  action,
  children,
  className = '',
  ...section
}: {
  title?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
  className?: string;
} & Omit<ComponentProps<'section'>, 'title'>) {
  return (
    <section
      {...section}
      className={`rounded-xl border border-stone-200 bg-white p-4 shadow-sm dark:border-stone-800 dark:bg-stone-900 ${className}`}
    >
      {(title || action) && (
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-3">
          {title && <h2 className="font-semibold">{title}</h2>}
          {action}
        </div>
      )}
      {children}
    </section>
  );
}

export function StatCard({ label, value, detail }: { label: string; value: ReactNode; detail?: ReactNode }) {
  return (
    <div className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm dark:border-stone-800 dark:bg-stone-900">
      <p className="text-sm text-stone-500 dark:text-stone-400">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{value}</p>
      {detail && <div className="mt-1 text-xs text-stone-500 dark:text-stone-400">{detail}</div>}
    </div>
  );
}

/** Placeholder while a part of a page loads, sized like what will replace it. */
export function Skeleton({ className = 'h-24' }: { className?: string }) {
  return (
    <div
      aria-hidden
      className={`animate-pulse rounded-xl bg-stone-200/70 dark:bg-stone-800/70 ${className}`}
    />
  );
}

/** An error shown where it happened, with what to do next. */
export function ErrorNote({ what, error }: { what: string; error: { message: string } }) {
  return (
    <p
      role="alert"
      className="rounded-lg bg-red-50 p-3 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300"
    >
      {what} could not be loaded: {error.message} Reload the page to try again.
    </p>
  );
}

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-xl border border-dashed border-stone-300 p-8 text-center dark:border-stone-700">
      <p className="font-medium">{title}</p>
      <div className="mt-1 text-sm text-stone-500 dark:text-stone-400">{children}</div>
    </div>
  );
}
