import type { FinishedUpload, QueueSummary, UploadInFlight } from '@keepsake/shared';
import Link from 'next/link';
import { deviceLabel, formatBytes, formatCount, formatDuration, formatRate, formatRelative } from './format';
import { ProgressBar } from './progress-bar';

/** Uploads the server is receiving now, each with its progress, speed and time left. */
export function UploadsInFlight({ uploads }: { uploads: UploadInFlight[] }) {
  return (
    <ul className="space-y-3">
      {uploads.map((upload) => (
        <li key={upload.id} data-testid="upload-in-flight">
          <div className="mb-1 flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
            <span className="min-w-0 truncate font-medium" title={upload.filename}>
              {upload.filename}
            </span>
            <span className="text-xs text-stone-500 dark:text-stone-400">{deviceLabel(upload.device)}</span>
          </div>
          <ProgressBar
            value={upload.receivedBytes}
            max={upload.expectedSize}
            label={`${upload.filename}: ${formatBytes(upload.receivedBytes)} received`}
          />
          <p
            className="mt-1 text-xs text-stone-500 tabular-nums dark:text-stone-400"
            data-testid="upload-progress-text"
          >
            {formatBytes(upload.receivedBytes)}
            {upload.expectedSize !== null && ` of ${formatBytes(upload.expectedSize)}`}
            {upload.expectedSize
              ? ` (${Math.floor((upload.receivedBytes / upload.expectedSize) * 100)}%)`
              : ''}
            {upload.bytesPerSecond === null
              ? ' · measuring speed…'
              : upload.bytesPerSecond === 0
                ? ' · stalled: nothing arrived in the last seconds'
                : ` · ${formatRate(upload.bytesPerSecond)}`}
            {upload.secondsLeft !== null && upload.bytesPerSecond
              ? ` · about ${formatDuration(upload.secondsLeft)} left`
              : ''}
          </p>
        </li>
      ))}
    </ul>
  );
}

const kindLabel: Record<QueueSummary['kind'], { title: string; doing: string }> = {
  thumbnail: { title: 'Thumbnails and previews', doing: 'made' },
  metadata: { title: 'Dates, places and cameras', doing: 'read' },
};

/** Processing queues: how much is waiting, running, done and failed; admins can pause them. */
export function QueueList({
  queues,
  canControl,
  onToggle,
  busy,
}: {
  queues: QueueSummary[];
  canControl: boolean;
  onToggle: (queue: QueueSummary) => void;
  busy: boolean;
}) {
  return (
    <ul className="space-y-4">
      {queues.map((queue) => {
        const { queued, running, succeeded, failed } = queue.counts;
        const all = queued + running + succeeded + failed;
        const label = kindLabel[queue.kind];
        return (
          <li key={queue.kind} data-testid="queue">
            <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2 text-sm">
              <span className="font-medium">
                {label.title}
                {queue.paused && (
                  <span className="ml-2 rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-800 dark:bg-amber-950 dark:text-amber-300">
                    Paused
                  </span>
                )}
              </span>
              {canControl && (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => onToggle(queue)}
                  className="rounded-md border border-stone-300 px-2 py-0.5 text-xs disabled:opacity-50 dark:border-stone-700"
                >
                  {queue.paused ? 'Resume' : 'Pause'}
                </button>
              )}
            </div>
            <ProgressBar
              value={succeeded + failed}
              max={all || null}
              label={`${label.title} progress`}
              tone={queued + running ? 'normal' : 'done'}
            />
            <p className="mt-1 text-xs text-stone-500 tabular-nums dark:text-stone-400">
              {all === 0
                ? 'Nothing to do yet.'
                : `${formatCount(succeeded)} of ${formatCount(all)} ${label.doing} · ${formatCount(running)} running · ${formatCount(queued)} waiting`}
              {failed > 0 && (
                <>
                  {' · '}
                  <Link href="/failures/" className="text-red-600 underline dark:text-red-400">
                    {formatCount(failed)} failed
                  </Link>
                </>
              )}
            </p>
          </li>
        );
      })}
    </ul>
  );
}

const stateText: Record<FinishedUpload['state'], string> = {
  stored: 'Stored',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
  receiving: 'Receiving',
};

/** The latest uploads that ended, stored or not. */
export function RecentUploads({ uploads, now }: { uploads: FinishedUpload[]; now: number }) {
  return (
    <ul className="divide-y divide-stone-200 text-sm dark:divide-stone-800">
      {uploads.map((upload) => (
        <li
          key={upload.id}
          className="flex flex-wrap items-baseline justify-between gap-x-3 py-2"
          data-testid="recent-upload"
        >
          <div className="min-w-0">
            {upload.assetId && upload.state === 'stored' ? (
              <Link
                href={`/asset/?id=${upload.assetId}`}
                className="block truncate font-medium hover:underline"
              >
                {upload.filename}
              </Link>
            ) : (
              <span className="block truncate font-medium">{upload.filename}</span>
            )}
            <span className="text-xs text-stone-500 dark:text-stone-400">
              {deviceLabel(upload.device)} · {formatBytes(upload.size)} ·{' '}
              {formatRelative(upload.finishedAt, now)}
            </span>
            {/* A reason may hold a digest or a path, long unbroken words: wrap them anywhere. */}
            {upload.failure && (
              <p className="text-xs wrap-anywhere text-red-600 dark:text-red-400">{upload.failure.message}</p>
            )}
          </div>
          <span
            className={`text-xs font-medium ${upload.state === 'stored' ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-600 dark:text-red-400'}`}
          >
            {stateText[upload.state]}
          </span>
        </li>
      ))}
    </ul>
  );
}
