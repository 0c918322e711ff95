/**
 * Under a chart: its first and last label, and the same figures as a table for screen readers.
 * A table ignores the 1 px width that hides an element, so a wrapper carries it.
 */
export function ChartFooter({
  title,
  points,
}: {
  title: string;
  points: readonly { label: string; description: string }[];
}) {
  return (
    <>
      <div className="mt-1 flex justify-between text-xs text-stone-500">
        <span>{points[0]?.label}</span>
        <span>{points.at(-1)?.label}</span>
      </div>
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <tbody>
            {points.map((p) => (
              <tr key={p.label}>
                <td>{p.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
