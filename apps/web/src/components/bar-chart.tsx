import { ChartFooter } from './chart-footer';
export interface BarPoint {
  /** Short label under the axis (a day). */
  label: string;
  value: number;
  /** What a hover or a screen reader says about this bar. */
  description: string;
}

/**
 * Bars over time, drawn in SVG so it needs no charting library. The bars stretch with the
 * width; the text stays HTML so it never distorts. A hidden table carries the numbers for
 * screen readers.
 */
export function BarChart({
  title,
  points,
  formatValue,
}: {
  title: string;
  points: BarPoint[];
  formatValue: (value: number) => string;
}) {
  const max = Math.max(...points.map((p) => p.value), 0);
  const width = points.length * 10;
  return (
    <figure>
      <figcaption className="mb-2 flex items-baseline justify-between text-sm">
        <span className="font-medium">{title}</span>
        <span className="text-xs text-stone-500">max {formatValue(max)}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} 100`}
        preserveAspectRatio="none"
        className="h-28 w-full text-sky-500"
        aria-hidden
      >
        <line
          x1="0"
          y1="99.5"
          x2={width}
          y2="99.5"
          className="stroke-stone-300 dark:stroke-stone-700"
          strokeWidth="1"
          vectorEffect="non-scaling-stroke"
        />
        {points.map((point, i) => {
          const height = max ? Math.max(point.value > 0 ? 2 : 0, (point.value / max) * 96) : 0;
          return (
            <rect
              key={point.label}
              x={i * 10 + 1.5}
              y={100 - height}
              width="7"
              height={height}
              rx="1"
              className="fill-current opacity-80 hover:opacity-100"
            >
              <title>{point.description}</title>
            </rect>
          );
        })}
      </svg>
      <ChartFooter title={title} points={points} />
    </figure>
  );
}
