// Results on disk: bench/results/latest.json keeps the last result of every scenario (running
// one scenario leaves the others' results in place), and docs/performance.md shows them as
// tables between two markers, so the prose around them is never overwritten.
import fs from 'node:fs';
import path from 'node:path';
import { root } from './keepsake.mjs';
import { markdownTable } from './table.mjs';

export const resultsFile = path.join(root, 'bench/results/latest.json');
const docFile = path.join(root, 'docs/performance.md');
const start = '<!-- bench:results:start (written by npm run bench; edit the text outside the markers) -->';
const end = '<!-- bench:results:end -->';

/** Scenario order in the report, whatever order they were run in; keys are "name [--size]". */
const order = ['ingest', 'memory', 'resume', 'check', 'idle', 'startup'];
const rank = (key) => order.indexOf(key.split(' ')[0]);

export function readResults() {
  try {
    return JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  } catch {
    return {
      about: 'Last result of each scenario; written by npm run bench, shown in docs/performance.md.',
      scenarios: {},
    };
  }
}

/** Writes through a temp file and a rename, so an interrupted run never leaves half a JSON. */
export function saveScenario(name, entry) {
  const results = readResults();
  results.scenarios[name] = entry;
  results.scenarios = Object.fromEntries(
    Object.entries(results.scenarios).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)),
  );
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  const temp = `${resultsFile}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(results, null, 2)}\n`);
  fs.renameSync(temp, resultsFile);
  return results;
}

function machineLine(m) {
  const load = m.loadAverage ? `; load average ${m.loadAverage[0]} before, ${m.loadAverage[1]} after` : '';
  return `${m.nproc} cores (${m.cpu}), ${m.memoryGiB} GiB RAM, ${m.os ?? m.kernel}, ${m.disk?.fs ?? '?'} on ${m.disk?.device ?? '?'}, Node ${m.node}${load}`;
}

export function renderResults(results) {
  const entries = Object.entries(results.scenarios);
  if (entries.length === 0) return '_No results yet: run `npm run bench`._';
  const out = [];
  const summaryRows = entries.flatMap(([name, entry]) =>
    entry.headline.map((h) => [
      name,
      h.measure,
      h.keepsake,
      h.baseline ?? '',
      h.ratio ?? '',
      h.target ?? '',
      h.met === undefined ? '' : h.met ? 'yes' : '**no**',
    ]),
  );
  out.push(
    markdownTable(['scenario', 'measure', 'Keepsake', 'baseline', 'ratio', 'target', 'met'], summaryRows),
  );
  for (const [name, entry] of entries) {
    out.push(`### ${name}`);
    out.push(
      `Measured ${entry.date.slice(0, 16).replace('T', ' ')} UTC with \`${entry.command}\` ` +
        `(${Math.round(entry.durationS)} s) on ${machineLine(entry.machine)}.`,
    );
    if (entry.notes?.length) out.push(entry.notes.map((n) => `- ${n}`).join('\n'));
    for (const table of entry.tables) {
      out.push(`**${table.title}**\n\n${markdownTable(table.columns, table.rows)}`);
    }
  }
  return out.join('\n\n');
}

/** Replaces the generated block of docs/performance.md, or appends one if the markers are gone. */
export function updateDoc(results) {
  const block = `${start}\n\n${renderResults(results)}\n\n${end}`;
  let text = fs.existsSync(docFile) ? fs.readFileSync(docFile, 'utf8') : "# Keepsake's performance\n";
  const a = text.indexOf(start.slice(0, 30));
  const b = text.indexOf(end);
  if (a >= 0 && b > a) text = text.slice(0, a) + block + text.slice(b + end.length);
  else text = `${text.trimEnd()}\n\n## Results\n\n${block}\n`;
  fs.writeFileSync(docFile, text);
}
