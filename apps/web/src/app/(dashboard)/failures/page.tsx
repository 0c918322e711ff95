'use client';

import type { Failure } from '@keepsake/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useMemo, useRef, useState } from 'react';
import { EmptyState, ErrorNote, Skeleton } from '~/components/card';
import { FailureList } from '~/components/failure-list';
import { filterField, primaryButton } from '~/components/form';
import { deviceLabel, plural } from '~/components/format';
import { adviceFor, failureKindLabels } from '~/lib/failure-advice';
import { useFailures } from '~/lib/use-failures';
import { useTRPC } from '~/trpc/react';

export default function FailuresPage() {
  return (
    <Suspense fallback={<Skeleton className="h-64" />}>
      <Failures />
    </Suspense>
  );
}

function Failures() {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const queryClient = useQueryClient();
  const { query, visible, dismissedCount, dismiss, restore, error: dismissError } = useFailures();
  const [retrying, setRetrying] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.failure.list.queryKey() });
  // Jobs that fail (again) or succeed change this list: follow the queue's live events.
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useSubscription(
    trpc.job.changes.subscriptionOptions(undefined, {
      onData: (change) => {
        if (change.state !== 'failed' && change.state !== 'succeeded') return;
        pending.current ??= setTimeout(() => {
          pending.current = undefined;
          void refresh();
        }, 500);
      },
    }),
  );
  const retry = useMutation(
    trpc.job.retry.mutationOptions({
      // The "processed again" notice is not true when the retry did not reach the server.
      onError: () => setNotice(null),
      onSettled: async (_data, _error, input) => {
        await refresh();
        setRetrying((set) => new Set([...set].filter((id) => id !== `job:${input.jobId}`)));
      },
    }),
  );
  const retryAll = useMutation(
    trpc.job.retryAll.mutationOptions({
      onSuccess: ({ retried }) =>
        setNotice(
          `${plural(retried, 'job was', 'jobs were')} queued again. They come back here if they fail again.`,
        ),
      onSettled: refresh,
    }),
  );

  const device = params.get('device') ?? '';
  const kind = params.get('kind') ?? '';
  const reason = params.get('reason') ?? '';
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    const text = next.toString();
    router.replace(text ? `/failures/?${text}` : '/failures/', { scroll: false });
  };
  const all = visible ?? [];
  const shown = all.filter(
    (f) =>
      (!device || (f.device?.id ?? 'none') === device) &&
      (!kind || f.kind === kind) &&
      (!reason || f.code === reason),
  );
  const devices = useMemo(
    () => [...new Map(all.map((f) => [f.device?.id ?? 'none', deviceLabel(f.device)])).entries()],
    [all],
  );
  // One entry per code, named by the plain-words reason a failure of that code shows.
  const reasons = useMemo(
    () => [...new Map(all.map((f) => [f.code, adviceFor(f).reason.split(/[.:]/)[0] ?? f.code])).entries()],
    [all],
  );
  const retryable = all.some((f) => f.retryable);

  const onRetry = (failure: Failure) => {
    setRetrying((set) => new Set([...set, failure.id]));
    setNotice(
      `${failure.filename ?? 'The file'} is being processed again; it comes back here if it fails again.`,
    );
    retry.mutate({ jobId: failure.targetId });
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-xl font-semibold">
          Failures
          {visible && (
            <span className="ml-2 text-sm font-normal text-stone-500">
              {plural(all.length, 'to look at', 'to look at')}
            </span>
          )}
        </h1>
        <div className="flex flex-wrap gap-2">
          {retryable && (
            <button
              type="button"
              onClick={() => retryAll.mutate({})}
              disabled={retryAll.isPending}
              className={primaryButton}
            >
              {retryAll.isPending ? 'Retrying…' : 'Retry all'}
            </button>
          )}
          {shown.length > 0 && (
            <button
              type="button"
              onClick={() => dismiss(shown.map((f) => f.id))}
              className="rounded-md border border-stone-300 px-3 py-1.5 text-sm dark:border-stone-700"
            >
              Dismiss {device || kind || reason ? 'these' : 'all'}
            </button>
          )}
        </div>
      </div>
      {notice && (
        <p
          role="status"
          className="rounded-lg bg-sky-50 p-3 text-sm text-sky-900 dark:bg-sky-950/60 dark:text-sky-200"
        >
          {notice}
        </p>
      )}
      {(retry.error || retryAll.error || dismissError) && (
        <p
          role="alert"
          className="rounded-lg bg-red-50 p-3 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300"
        >
          {(retry.error ?? retryAll.error ?? dismissError)?.message}
        </p>
      )}

      {all.length > 0 && (
        <div className="flex flex-wrap gap-2">
          <label className="flex min-w-0 max-w-full flex-col text-xs text-stone-500">
            Device
            <select
              value={device}
              onChange={(e) => setParam('device', e.target.value)}
              className={`mt-0.5 ${filterField}`}
            >
              <option value="">All devices</option>
              {devices.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label className="flex min-w-0 max-w-full flex-col text-xs text-stone-500">
            Kind
            <select
              value={kind}
              onChange={(e) => setParam('kind', e.target.value)}
              className={`mt-0.5 ${filterField}`}
            >
              <option value="">Uploads and processing</option>
              {Object.entries(failureKindLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="flex min-w-0 max-w-full flex-col text-xs text-stone-500">
            Reason
            <select
              value={reason}
              onChange={(e) => setParam('reason', e.target.value)}
              className={`mt-0.5 ${filterField}`}
            >
              <option value="">Any reason</option>
              {reasons.map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}

      {query.isError ? (
        <ErrorNote what="The failures" error={query.error} />
      ) : !visible ? (
        <Skeleton className="h-40" />
      ) : shown.length === 0 ? (
        <EmptyState title={all.length ? 'No failure matches these filters' : 'Nothing has failed'}>
          {all.length
            ? 'Choose another device, kind or reason.'
            : 'Every upload that arrived was stored, and every file was processed.'}
        </EmptyState>
      ) : (
        <FailureList
          failures={shown}
          now={Date.now()}
          onRetry={onRetry}
          onDismiss={(f) => dismiss([f.id])}
          retrying={retrying}
        />
      )}
      {query.data?.truncated && (
        <p className="text-sm text-stone-500">
          Only the latest {query.data.items.length} failures are listed.
        </p>
      )}
      {dismissedCount > 0 && (
        <p className="text-sm text-stone-500">
          {plural(dismissedCount, 'dismissed failure is', 'dismissed failures are')} hidden.{' '}
          <button type="button" className="underline" onClick={restore}>
            Show them again
          </button>
        </p>
      )}
    </div>
  );
}
