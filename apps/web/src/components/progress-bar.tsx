const tones = {
  normal: 'bg-sky-500',
  done: 'bg-emerald-500',
  error: 'bg-red-500',
  /** A quantity rather than progress (the disk in use). */
  level: 'bg-stone-500',
};

/** A labelled progress bar; without `max` it is indeterminate (the size is not known). */
export function ProgressBar({
  value,
  max,
  label,
  tone = 'normal',
}: {
  value: number;
  max: number | null;
  label: string;
  tone?: keyof typeof tones;
}) {
  const share = max ? Math.min(1, value / max) : null;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max ?? undefined}
      aria-valuenow={max ? value : undefined}
      className="h-2 overflow-hidden rounded-full bg-stone-200 dark:bg-stone-800"
    >
      <div
        className={`h-full rounded-full transition-[width] duration-700 ease-linear ${tones[tone]} ${share === null ? 'w-1/3 animate-pulse' : ''}`}
        style={share === null ? undefined : { width: `${share * 100}%` }}
      />
    </div>
  );
}
