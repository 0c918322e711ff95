// Tables twice over: printed row by row while a scenario runs (so a long run shows progress),
// and as Markdown in docs/performance.md.

/**
 * A console table whose rows are printed as soon as they are known. Columns are fixed-width
 * (`{ name, width }`), because the widest value is not known until the end.
 */
export function liveTable(title, columns) {
  const cell = (text, width, i) => (i === 0 ? String(text).padEnd(width) : String(text).padStart(width));
  const line = (values) => `  ${values.map((v, i) => cell(v, columns[i].width, i)).join('  ')}`;
  console.log(`\n${title}`);
  console.log(line(columns.map((c) => c.name)));
  console.log(`  ${columns.map((c) => '─'.repeat(c.width)).join('  ')}`);
  return { row: (values) => console.log(line(values)) };
}

export function markdownTable(columns, rows) {
  const cell = (value) => String(value).replaceAll('|', '\\|');
  const header = `| ${columns.map(cell).join(' | ')} |`;
  const rule = `| ${columns.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`;
  return [header, rule, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

/** "412 (398–430) MB/s": a median with the range of the runs, the way every figure is reported. */
export function withRange(summary, unit = '', digits = 0) {
  const f = (value) => value.toFixed(digits);
  if (summary.runs < 2) return `${f(summary.median)}${unit}`;
  return `${f(summary.median)} (${f(summary.min)}–${f(summary.max)})${unit}`;
}
