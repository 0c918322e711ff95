'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { QueueList, RecentUploads, UploadsInFlight } from '~/components/activity-lists';
import { Card, EmptyState, Skeleton } from '~/components/card';
import { plural } from '~/components/format';
import { useTRPC } from '~/trpc/react';

export default function ActivityPage() {
  const trpc = useTRPC();
  // Frames stream in over server-sent events as things change; nothing here polls.
  const activity = useSubscription(trpc.upload.activity.subscriptionOptions());
  const me = useQuery(trpc.auth.me.queryOptions());
  const pause = useMutation(trpc.job.pause.mutationOptions());
  const resume = useMutation(trpc.job.resume.mutationOptions());
  const frame = activity.data?.data;
  const now = frame ? Date.parse(frame.at) : Date.now();

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">Activity</h1>
        <LiveBadge status={activity.status} />
      </div>
      {activity.status === 'error' && (
        <p
          role="alert"
          className="rounded-lg bg-red-50 p-3 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300"
        >
          The live view lost its connection ({activity.error?.message}); it reconnects by itself. If this
          stays, check that the server is running.
        </p>
      )}
      <Card title="Uploads in flight">
        {!frame ? (
          <Skeleton className="h-16" />
        ) : frame.inFlight.length === 0 ? (
          <EmptyState title="Nothing is arriving right now">
            Phones upload in the background when iOS lets them (often while charging on Wi-Fi). Drop files
            onto the Library to send some from here.
          </EmptyState>
        ) : (
          <UploadsInFlight uploads={frame.inFlight} />
        )}
        {frame && frame.waiting > 0 && (
          <p className="mt-3 text-xs text-stone-500 dark:text-stone-400">
            {plural(frame.waiting, 'unfinished upload is', 'unfinished uploads are')} waiting for its device
            to resume.
          </p>
        )}
      </Card>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card title="Processing">
          {!frame ? (
            <Skeleton className="h-24" />
          ) : (
            <QueueList
              queues={frame.queues}
              canControl={me.data?.role === 'admin'}
              busy={pause.isPending || resume.isPending}
              onToggle={(queue) => (queue.paused ? resume : pause).mutate({ kind: queue.kind })}
            />
          )}
          {(pause.error || resume.error) && (
            <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">
              {(pause.error ?? resume.error)?.message}
            </p>
          )}
        </Card>
        <Card title="Recently finished">
          {!frame ? (
            <Skeleton className="h-24" />
          ) : frame.recent.length === 0 ? (
            <EmptyState title="No uploads in the last week">
              Finished uploads appear here as they end.
            </EmptyState>
          ) : (
            <RecentUploads uploads={frame.recent} now={now} />
          )}
        </Card>
      </div>
    </div>
  );
}

function LiveBadge({ status }: { status: string }) {
  const live = status === 'pending';
  return (
    <span
      className="flex items-center gap-1.5 text-xs text-stone-500"
      role="status"
      data-testid="live-status"
    >
      <span
        aria-hidden
        className={`size-2 rounded-full ${live ? 'animate-pulse bg-emerald-500' : 'bg-stone-400'}`}
      />
      {live ? 'Live' : status === 'error' ? 'Reconnecting…' : 'Connecting…'}
    </span>
  );
}
