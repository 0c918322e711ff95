import type { UploadItem, UploadSnapshot } from '~/lib/upload-queue';
import { Card } from './card';
import { formatBytes, formatDuration, formatRate, plural } from './format';
import { ProgressBar } from './progress-bar';

const stateLabel: Record<UploadItem['state'], string> = {
  waiting: 'Waiting',
  hashing: 'Checking…',
  checking: 'Checking…',
  uploading: 'Uploading',
  done: 'Backed up',
  skipped: 'Already on the server',
  failed: 'Failed',
};

const shown = 100;

/** Progress of the files sent from this browser: the total first, then each file. */
export function UploadPanel({
  snapshot,
  onClear,
  onRetry,
  onCancel,
}: {
  snapshot: UploadSnapshot;
  onClear: () => void;
  onRetry: (id: string) => void;
  onCancel: () => void;
}) {
  const { items, bytesPerSecond } = snapshot;
  if (items.length === 0) return null;
  const counted = items.filter((i) => i.state !== 'skipped');
  const total = counted.reduce((sum, i) => sum + i.size, 0);
  const sent = counted.reduce((sum, i) => sum + (i.state === 'done' ? i.size : i.sent), 0);
  const count = (state: UploadItem['state']) => items.filter((i) => i.state === state).length;
  const active = items.some((i) => ['waiting', 'hashing', 'checking', 'uploading'].includes(i.state));
  const secondsLeft = bytesPerSecond > 0 ? (total - sent) / bytesPerSecond : null;
  // Busy and failed files first: they are what a person looks for.
  const order: UploadItem['state'][] = [
    'uploading',
    'failed',
    'hashing',
    'checking',
    'waiting',
    'done',
    'skipped',
  ];
  const sorted = [...items].sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state));

  return (
    <Card
      aria-label="Uploads from this browser"
      data-testid="upload-panel"
      title={active ? `Uploading ${plural(items.length, 'file', 'files')}` : 'Upload finished'}
      action={
        <div className="flex gap-2 text-sm">
          {active ? (
            <button
              type="button"
              onClick={onCancel}
              className="rounded-md border border-stone-300 px-2 py-0.5 dark:border-stone-700"
            >
              Cancel
            </button>
          ) : (
            <button
              type="button"
              onClick={onClear}
              className="rounded-md border border-stone-300 px-2 py-0.5 dark:border-stone-700"
            >
              Clear
            </button>
          )}
        </div>
      }
    >
      <ProgressBar
        value={sent}
        max={total || null}
        label="Total upload progress"
        tone={active ? 'normal' : 'done'}
      />
      <p className="mt-1.5 text-xs text-stone-500 dark:text-stone-400" aria-live="polite">
        {formatBytes(sent)} of {formatBytes(total)}
        {bytesPerSecond > 0 && ` · ${formatRate(bytesPerSecond)}`}
        {active && secondsLeft !== null && ` · about ${formatDuration(secondsLeft)} left`}
        {count('done') > 0 && ` · ${count('done')} backed up`}
        {count('skipped') > 0 && ` · ${count('skipped')} already on the server`}
        {count('failed') > 0 && ` · ${count('failed')} failed`}
      </p>
      <ul className="mt-3 max-h-72 space-y-2 overflow-y-auto pr-1 text-sm">
        {sorted.slice(0, shown).map((item) => (
          <li key={item.id} data-testid="upload-item" data-state={item.state}>
            <div className="flex items-baseline justify-between gap-2">
              <span className="truncate" title={item.name}>
                {item.name}
              </span>
              <span className="shrink-0 text-xs text-stone-500">
                {item.state === 'uploading'
                  ? `${Math.floor((item.sent / Math.max(1, item.size)) * 100)}% of ${formatBytes(item.size)}${item.resumed ? ' (resumed)' : ''}`
                  : stateLabel[item.state]}
              </span>
            </div>
            {item.state === 'uploading' && (
              <ProgressBar value={item.sent} max={item.size} label={`${item.name} upload progress`} />
            )}
            {item.state === 'failed' && item.error && (
              <p className="text-xs text-red-600 dark:text-red-400">
                {item.error}{' '}
                <button type="button" className="underline" onClick={() => onRetry(item.id)}>
                  Try again
                </button>
              </p>
            )}
          </li>
        ))}
        {sorted.length > shown && (
          <li className="text-xs text-stone-500">and {sorted.length - shown} more</li>
        )}
      </ul>
    </Card>
  );
}
