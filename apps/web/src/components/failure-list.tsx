import type { Failure } from '@keepsake/shared';
import Link from 'next/link';
import { adviceFor, failureKindLabels } from '~/lib/failure-advice';
import { deviceLabel, formatDateTime, formatRelative } from './format';

/** Each failure: the file, where and when, the reason in plain words, what to do, and its actions. */
export function FailureList({
  failures,
  now,
  onRetry,
  onDismiss,
  retrying,
}: {
  failures: Failure[];
  now: number;
  onRetry: (failure: Failure) => void;
  onDismiss: (failure: Failure) => void;
  retrying: ReadonlySet<string>;
}) {
  return (
    <ul className="space-y-3">
      {failures.map((failure) => {
        const advice = adviceFor(failure);
        const name = failure.filename ?? 'A file without a name';
        return (
          <li
            key={failure.id}
            data-testid="failure"
            className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm dark:border-stone-800 dark:bg-stone-900"
          >
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="rounded bg-stone-100 px-1.5 py-0.5 text-xs font-medium text-stone-600 dark:bg-stone-800 dark:text-stone-300">
                    {failureKindLabels[failure.kind]}
                  </span>
                  {failure.assetId ? (
                    <Link
                      href={`/asset/?id=${failure.assetId}`}
                      className="truncate font-medium hover:underline"
                    >
                      {name}
                    </Link>
                  ) : (
                    <span className="truncate font-medium">{name}</span>
                  )}
                </p>
                <p className="mt-0.5 text-xs text-stone-500 dark:text-stone-400">
                  {deviceLabel(failure.device)} ·{' '}
                  <time dateTime={failure.at} title={formatDateTime(failure.at)}>
                    {formatRelative(failure.at, now)}
                  </time>
                  {failure.attempts ? ` · tried ${failure.attempts}×` : ''}
                </p>
              </div>
              <div className="flex shrink-0 gap-2">
                {failure.retryable && (
                  <button
                    type="button"
                    onClick={() => onRetry(failure)}
                    disabled={retrying.has(failure.id)}
                    className="rounded-md bg-stone-900 px-3 py-1 text-sm font-medium text-white disabled:opacity-50 dark:bg-stone-100 dark:text-stone-900"
                  >
                    {retrying.has(failure.id) ? 'Retrying…' : 'Retry'}
                  </button>
                )}
                <button
                  type="button"
                  onClick={() => onDismiss(failure)}
                  aria-label={`Dismiss the failure of ${name}`}
                  className="rounded-md border border-stone-300 px-3 py-1 text-sm dark:border-stone-700"
                >
                  Dismiss
                </button>
              </div>
            </div>
            <p className="mt-2 text-sm">{advice.reason}</p>
            <p className="mt-1 text-sm">
              <span className="font-medium">What to do: </span>
              {advice.action}
            </p>
            <details className="mt-2 text-xs text-stone-500 dark:text-stone-400">
              <summary className="cursor-pointer">Details</summary>
              <p className="mt-1 wrap-anywhere">
                {failure.message} ({failure.code}
                {failure.step ? `, at step “${failure.step}”` : ''})
              </p>
            </details>
          </li>
        );
      })}
    </ul>
  );
}
