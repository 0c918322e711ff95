import { ChartFooter } from './chart-footer';
export interface AreaPoint {
  label: string;
  /** Stacked from the bottom: first series first. */
  values: number[];
  description: string;
}

const tones = ['fill-sky-500/70 stroke-sky-600', 'fill-amber-400/70 stroke-amber-500'];

/** Stacked areas over time (storage: originals, then thumbnails on top), in plain SVG. */
export function AreaChart({
  title,
  series,
  points,
  formatValue,
}: {
  title: string;
  series: string[];
  points: AreaPoint[];
  formatValue: (value: number) => string;
}) {
  const totals = points.map((p) => p.values.reduce((a, b) => a + b, 0));
  const max = Math.max(...totals, 0) * 1.05 || 1;
  const x = (i: number) => (points.length > 1 ? (i / (points.length - 1)) * 300 : 150);
  const y = (value: number) => 100 - (value / max) * 100;
  const layers = series.map((_, s) => {
    const top = points.map((p, i) => [x(i), y(p.values.slice(0, s + 1).reduce((a, b) => a + b, 0))]);
    const bottom = points.map((p, i) => [x(i), y(p.values.slice(0, s).reduce((a, b) => a + b, 0))]).reverse();
    return [...top, ...bottom].map(([px, py]) => `${px},${py}`).join(' ');
  });
  return (
    <figure>
      <figcaption className="mb-2 flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">{title}</span>
        <span className="flex gap-3 text-xs text-stone-500">
          {series.map((name, s) => (
            <span key={name} className="flex items-center gap-1">
              <svg aria-hidden viewBox="0 0 10 10" className="size-2.5">
                <rect width="10" height="10" rx="2" className={tones[s]} />
              </svg>
              {name}
            </span>
          ))}
          <span>now {formatValue(totals.at(-1) ?? 0)}</span>
        </span>
      </figcaption>
      <svg viewBox="0 0 300 100" preserveAspectRatio="none" className="h-28 w-full" aria-hidden>
        {layers.map((polygon, s) => (
          <polygon
            key={series[s]}
            points={polygon}
            className={tones[s]}
            strokeWidth="1"
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
      <ChartFooter title={title} points={points} />
    </figure>
  );
}
