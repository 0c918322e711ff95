import type { ComponentProps, FormEvent, ReactNode } from 'react';

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

/** A labelled text input of a form; `onChange` gets the new text. */
export function TextField({
  label,
  onChange,
  ...input
}: { label: ReactNode; onChange(value: string): void } & Omit<
  ComponentProps<'input'>,
  'onChange' | 'className'
>) {
  return (
    <label className="block text-sm">
      <span className="text-stone-600 dark:text-stone-400">{label}</span>
      <input {...input} onChange={(e) => onChange(e.target.value)} className={textField} />
    </label>
  );
}

/**
 * A new password typed twice (first run, settings). The form compares the two on submit and
 * shows a `FormAlert` when they differ.
 */
export function NewPasswordFields({
  label,
  value,
  repeat,
  onChange,
  onRepeatChange,
}: {
  /** "Password" or "New password". */
  label: string;
  value: string;
  repeat: string;
  onChange(value: string): void;
  onRepeatChange(value: string): void;
}) {
  return (
    <>
      <TextField
        label={`${label} (at least 10 characters)`}
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        value={value}
        onChange={onChange}
      />
      <TextField
        label={`${label} again`}
        type="password"
        autoComplete="new-password"
        required
        value={repeat}
        onChange={onRepeatChange}
      />
    </>
  );
}

/**
 * The form of a signed-out page (sign-in, first run): a card alone in the middle of the screen,
 * its fields, and one full-width button that sends it.
 */
export function SignedOutForm({
  onSubmit,
  submit,
  children,
}: {
  onSubmit(event: FormEvent): void;
  submit: { label: string; disabled: boolean };
  children: ReactNode;
}) {
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <form
        onSubmit={onSubmit}
        className="w-full max-w-sm space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm dark:border-stone-800 dark:bg-stone-900"
      >
        {children}
        <button
          type="submit"
          disabled={submit.disabled}
          className="w-full rounded-md bg-stone-900 px-3 py-2 font-medium text-white disabled:opacity-50 dark:bg-stone-100 dark:text-stone-900"
        >
          {submit.label}
        </button>
      </form>
    </main>
  );
}

/** A person's email, which is also the name they sign in with. */
export function EmailField({ value, onChange }: { value: string; onChange(value: string): void }) {
  return (
    <TextField
      label="Email"
      type="email"
      name="email"
      autoComplete="username"
      required
      value={value}
      onChange={onChange}
    />
  );
}
