import v8 from 'node:v8';

// Full garbage collections mark on the thread that collects, not on V8's helper threads. On a
// two-core box the helpers took the cores from the check threads (uploads/check-threads.ts)
// whenever the event loop's heap was collected: the checks caught were the slowest. A 5,000-entry
// check's p99, same-run A/B of six rounds: 40.6 → 33.7 ms at 100k assets, 49.8 → 40.9 ms at 1M
// (docs/performance.md). Imported first by main.ts, before anything is allocated or collected;
// worker threads started later read the same flag.
v8.setFlagsFromString('--no-concurrent-marking');
