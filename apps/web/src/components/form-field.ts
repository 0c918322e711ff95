/** The one look of a text input on the dashboard's forms (sign-in, first run, settings). */
export const textField =
  'mt-1 w-full rounded-md border border-stone-300 bg-transparent px-3 py-2 dark:border-stone-700';
