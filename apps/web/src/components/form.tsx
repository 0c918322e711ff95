import type { ReactNode } from 'react';

/** The one look of a text input on the dashboard's forms (sign-in, first run, settings). */
export const textField =
  'mt-1 w-full rounded-md border border-stone-300 bg-transparent px-3 py-2 dark:border-stone-700';

/** A field of a filter bar (Library, Failures): menus, dates, the file-name search. */
export const filterField =
  'max-w-full rounded-md border border-stone-300 bg-white px-2 py-1.5 text-sm dark:border-stone-700 dark:bg-stone-900';

/** The main action of a form or a page. */
export const primaryButton =
  'rounded-md bg-stone-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50 dark:bg-stone-100 dark:text-stone-900';

/** What went wrong with a form, right under its fields. */
export function FormAlert({ children }: { children: ReactNode }) {
  return (
    <p role="alert" className="text-sm text-red-600 dark:text-red-400">
      {children}
    </p>
  );
}
