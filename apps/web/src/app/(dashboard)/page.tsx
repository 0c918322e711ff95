'use client';

import type { DeviceStatus, OverviewSummary } from '@keepsake/shared';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { AreaChart } from '~/components/area-chart';
import { AssetGrid } from '~/components/asset-grid';
import { type AttentionItem, AttentionList } from '~/components/attention-list';
import { BarChart } from '~/components/bar-chart';
import { Card, EmptyState, ErrorNote, Skeleton, StatCard } from '~/components/card';
import { DeviceStatusList } from '~/components/device-status-list';
import {
  formatBytes,
  formatCount,
  formatDayHeading,
  formatRelative,
  formatShortDay,
  plural,
} from '~/components/format';
import { ProgressBar } from '~/components/progress-bar';
import { useFailures } from '~/lib/use-failures';
import { useTimeZone } from '~/lib/use-time-zone';
import { useTRPC } from '~/trpc/react';

export default function OverviewPage() {
  const trpc = useTRPC();
  const timeZone = useTimeZone();
  const zone = { timeZone: timeZone ?? 'UTC' };
  const summary = useQuery(
    trpc.overview.summary.queryOptions(zone, { enabled: !!timeZone, refetchInterval: 15_000 }),
  );
  const history = useQuery(trpc.overview.history.queryOptions(zone, { enabled: !!timeZone }));
  const devices = useQuery(trpc.overview.devices.queryOptions(undefined, { refetchInterval: 15_000 }));
  const recent = useQuery(
    trpc.library.list.queryOptions(
      { limit: 12 },
      {
        // Thumbnails are made in the background: look again while any is still on its way.
        refetchInterval: (query) =>
          query.state.data?.items.some((a) => !a.thumbnail.url && a.thumbnail.state !== 'failed')
            ? 2000
            : false,
      },
    ),
  );
  const { visible: failures } = useFailures();
  const now = Date.now();

  return (
    <div className="space-y-4">
      <AttentionList items={attention(summary.data, failures?.length ?? 0, devices.data ?? [], now)} />
      <Headline summary={summary.data} devices={devices.data} failures={failures?.length} now={now} />

      {summary.isError ? (
        <ErrorNote what="The counts" error={summary.error} />
      ) : (
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {summary.data ? (
            <Counters summary={summary.data} />
          ) : (
            [1, 2, 3, 4].map((n) => <Skeleton key={n} className="h-28" />)
          )}
        </div>
      )}

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card title="Uploads, last 30 days">
          {history.isError ? (
            <ErrorNote what="The upload history" error={history.error} />
          ) : history.data ? (
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <BarChart
                title="Files per day"
                formatValue={(n) => formatCount(n)}
                points={history.data.days.map((d) => ({
                  label: formatShortDay(d.day),
                  value: d.uploads,
                  description: `${formatDayHeading(d.day)}: ${plural(d.uploads, 'upload', 'uploads')}`,
                }))}
              />
              <BarChart
                title="Bytes per day"
                formatValue={(n) => formatBytes(n)}
                points={history.data.days.map((d) => ({
                  label: formatShortDay(d.day),
                  value: d.uploadedBytes,
                  description: `${formatDayHeading(d.day)}: ${formatBytes(d.uploadedBytes)} uploaded`,
                }))}
              />
            </div>
          ) : (
            <Skeleton className="h-36" />
          )}
        </Card>
        <Card title="Storage over time">
          {history.isError ? (
            <ErrorNote what="The storage history" error={history.error} />
          ) : history.data ? (
            <AreaChart
              title="Stored at the end of each day"
              series={['Originals', 'Thumbnails']}
              formatValue={(n) => formatBytes(n)}
              points={history.data.days.map((d) => ({
                label: formatShortDay(d.day),
                values: [d.storedOriginalBytes, d.storedDerivativeBytes],
                description: `${formatDayHeading(d.day)}: ${formatBytes(d.storedOriginalBytes)} of originals, ${formatBytes(d.storedDerivativeBytes)} of thumbnails`,
              }))}
            />
          ) : (
            <Skeleton className="h-36" />
          )}
        </Card>
      </div>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <Card
          title="Devices"
          className="lg:col-span-1"
          action={
            <Link href="/devices/" className="text-sm text-sky-700 underline dark:text-sky-400">
              Manage
            </Link>
          }
        >
          {devices.isError ? (
            <ErrorNote what="The devices" error={devices.error} />
          ) : !devices.data ? (
            <Skeleton className="h-24" />
          ) : devices.data.length === 0 ? (
            <EmptyState title="No device paired yet">
              <Link href="/devices/" className="underline">
                Add your phone
              </Link>{' '}
              and scan its pairing code in the Keepsake app.
            </EmptyState>
          ) : (
            <DeviceStatusList devices={devices.data} now={now} />
          )}
        </Card>
        <Card
          title="Latest arrivals"
          className="lg:col-span-2"
          action={
            <Link href="/library/" className="text-sm text-sky-700 underline dark:text-sky-400">
              Open library
            </Link>
          }
        >
          {recent.isError ? (
            <ErrorNote what="The latest photos" error={recent.error} />
          ) : !recent.data ? (
            <Skeleton className="h-32" />
          ) : recent.data.items.length === 0 ? (
            <EmptyState title="No photos yet">
              Pair a phone on the{' '}
              <Link href="/devices/" className="underline">
                Devices
              </Link>{' '}
              page, or drop files onto the{' '}
              <Link href="/library/" className="underline">
                Library
              </Link>
              .
            </EmptyState>
          ) : (
            <AssetGrid assets={recent.data.items} />
          )}
        </Card>
      </div>
    </div>
  );
}

function Counters({ summary }: { summary: OverviewSummary }) {
  const { byKind } = summary.assets;
  const { storage } = summary;
  const disk = storage.disk;
  return (
    <>
      <StatCard
        label="Photos and videos"
        value={formatCount(summary.assets.total)}
        detail={`${plural(byKind.photo, 'photo', 'photos')} · ${plural(byKind.video, 'video', 'videos')} · ${plural(byKind.livePhoto, 'Live Photo', 'Live Photos')}${byKind.other ? ` · ${formatCount(byKind.other)} other` : ''}`}
      />
      <StatCard
        label="On disk"
        value={formatBytes(storage.originalBytes + storage.derivativeBytes)}
        detail={`${formatBytes(storage.originalBytes)} originals · ${formatBytes(storage.derivativeBytes)} thumbnails`}
      />
      <StatCard
        label="Free space"
        value={disk ? formatBytes(disk.freeBytes) : 'Unknown'}
        detail={
          disk ? (
            <>
              <span>
                {Math.round((disk.freeBytes / disk.totalBytes) * 100)}% of {formatBytes(disk.totalBytes)} free
              </span>
              <div className="mt-1.5">
                <ProgressBar
                  value={disk.totalBytes - disk.freeBytes}
                  max={disk.totalBytes}
                  label="Disk in use"
                  tone="level"
                />
              </div>
            </>
          ) : (
            'The system did not say'
          )
        }
      />
      <StatCard
        label="Uploads today"
        value={formatCount(summary.uploadsToday.count)}
        detail={`${formatBytes(summary.uploadsToday.bytes)} received`}
      />
    </>
  );
}

/** The one-sentence answer to "is everything backed up, and what is happening now?". */
function Headline({
  summary,
  devices,
  failures,
  now,
}: {
  summary: OverviewSummary | undefined;
  devices: DeviceStatus[] | undefined;
  failures: number | undefined;
  now: number;
}) {
  if (!summary || !devices || failures === undefined) return <Skeleton className="h-16" />;
  const uploading = devices.reduce((sum, d) => sum + d.uploading, 0);
  const processing = summary.processing.queued + summary.processing.running;
  const lastUpload = devices
    .map((d) => d.lastUploadAt)
    .filter((at): at is string => !!at)
    .sort()
    .at(-1);
  let title: string;
  let detail: string;
  let tone: 'ok' | 'busy' | 'bad' | 'empty';
  if (failures > 0) {
    tone = 'bad';
    title = `${plural(failures, 'file needs', 'files need')} a look`;
    detail = 'Everything else that arrived is stored. The list above says what went wrong and what to do.';
  } else if (uploading > 0) {
    tone = 'busy';
    title = `Receiving ${plural(uploading, 'file', 'files')} now`;
    detail = 'Follow the progress on the Activity page.';
  } else if (processing > 0) {
    tone = 'busy';
    title = 'Everything that arrived is stored';
    detail = `Making thumbnails and reading metadata: ${formatCount(processing)} left.`;
  } else if (summary.assets.total === 0) {
    tone = 'empty';
    title = 'Nothing backed up yet';
    detail = 'Pair a phone on the Devices page, or drop photos onto the Library.';
  } else {
    tone = 'ok';
    title = 'Everything that arrived is stored and processed';
    detail = lastUpload ? `Last upload ${formatRelative(lastUpload, now)}.` : 'No device has uploaded yet.';
  }
  const dot = {
    ok: 'bg-emerald-500',
    busy: 'bg-sky-500 animate-pulse',
    bad: 'bg-red-500',
    empty: 'bg-stone-400',
  }[tone];
  return (
    <div className="flex items-start gap-3 px-1" data-testid="headline">
      <span aria-hidden className={`mt-2 size-3 shrink-0 rounded-full ${dot}`} />
      <div>
        <h1 className="text-xl font-semibold">{title}</h1>
        <p className="text-sm text-stone-500 dark:text-stone-400">
          {detail}{' '}
          {tone === 'busy' && (
            <Link href="/activity/" className="underline">
              Open Activity
            </Link>
          )}
        </p>
      </div>
    </div>
  );
}

function attention(
  summary: OverviewSummary | undefined,
  failures: number,
  devices: DeviceStatus[],
  now: number,
): AttentionItem[] {
  const items: AttentionItem[] = [];
  if (failures > 0) {
    items.push({
      key: 'failures',
      severity: 'error',
      title: `${plural(failures, 'failure', 'failures')} to look at`,
      detail: 'Uploads or processing steps that did not work, with what to do about each.',
      href: '/failures/',
      action: 'Review failures',
    });
  }
  const disk = summary?.storage.disk;
  for (const item of summary?.attention ?? []) {
    if ((item.kind === 'diskFull' || item.kind === 'diskLow') && disk) {
      items.push({
        key: item.kind,
        severity: item.severity,
        title:
          item.kind === 'diskFull'
            ? `The disk is almost full: ${formatBytes(disk.freeBytes)} left`
            : `Disk space is getting low: ${formatBytes(disk.freeBytes)} left`,
        detail:
          'Uploads stop when the disk holding the data folder is full. Free space, or move the data folder to a larger disk.',
      });
    }
    if (item.kind === 'queuePaused') {
      items.push({
        key: 'paused',
        severity: 'warning',
        title: `Processing is paused (${summary?.processing.pausedKinds.join(', ')})`,
        detail: 'New photos are stored but get no thumbnails or metadata until an admin resumes it.',
        href: '/activity/',
        action: 'Open Activity',
      });
    }
  }
  for (const device of devices.filter((d) => d.state === 'quiet')) {
    items.push({
      key: `quiet-${device.id}`,
      severity: 'warning',
      title: `${device.name} has not been heard from since ${formatRelative(device.lastSeenAt ?? device.createdAt, now)}`,
      detail: 'Open the Keepsake app on it, and check that background uploads are allowed.',
    });
  }
  return items;
}
