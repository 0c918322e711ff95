// Summaries of repeated measurements. Machines are noisy, so every figure we publish is a
// median with its spread over several runs, never a single run.

/** Sorted copy; the inputs are small arrays, so clarity wins over speed. */
const sorted = (values) => [...values].sort((a, b) => a - b);

/** Quantile with linear interpolation between the two nearest ranks (like numpy's default). */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  const position = (s.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return s[low] + (s[high] - s[low]) * (position - low);
}

export const median = (values) => quantile(values, 0.5);

/**
 * Median, extremes and the relative spread ((max - min) / median) of a set of runs. The spread
 * says how far apart the runs were: a 3 % difference between two systems means nothing when
 * either one moves by 20 % from run to run.
 */
export function summary(values) {
  const finite = values.filter(Number.isFinite);
  const m = median(finite);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  return {
    median: m,
    min,
    max,
    spread: m === 0 ? 0 : (max - min) / m,
    runs: finite.length,
    values: finite,
  };
}

/**
 * Ratio of two systems measured in the same rounds: each round's pair is divided first, so a
 * slow moment of the machine that hits both systems in one round cancels out.
 */
export function pairedRatio(numerators, denominators) {
  const ratios = numerators.map((n, i) => n / denominators[i]).filter(Number.isFinite);
  return summary(ratios);
}

/** Latency distribution of one batch of requests, in milliseconds. */
export function latency(samplesMs) {
  return {
    p50: quantile(samplesMs, 0.5),
    p90: quantile(samplesMs, 0.9),
    p99: quantile(samplesMs, 0.99),
    max: Math.max(...samplesMs),
    count: samplesMs.length,
  };
}

/** Rounds for display and JSON: enough digits to compare, not a false precision. */
export function round(value, digits = 2) {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
