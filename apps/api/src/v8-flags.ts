import v8 from 'node:v8';

// Young collections free the array buffers they find dead before they finish, not on a helper
// thread afterwards. Every request body reaches the event loop as buffers the HTTP parser copied
// (~0.5 MB for a 5,000-entry check). Freed later, they were still counted as external memory when
// the collection that found them dead asked whether a full one was due, so it often started one:
// a full collection every ~20–30 checks, whose marking took the cores from the check threads
// (uploads/check-threads.ts), and the checks it caught were the slowest. Same-run A/Bs at 1M
// assets, six rounds of 200 checks: the event loop's full collections 43 → 15 per ~1,240 checks,
// p99 51.0 → 43.9 ms, and 47.5 → 39.9 ms in another (docs/performance.md). Imported first by
// main.ts, before the server starts (the flag is read each time a sweep begins); worker threads
// started later read the same flag.
v8.setFlagsFromString('--no-concurrent-array-buffer-sweeping');
