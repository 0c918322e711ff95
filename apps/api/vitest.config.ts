import { defineConfig } from 'vitest/config';

// Integration tests run the real pipeline (HEIC decoding, ffmpeg) on a 2-core machine that is
// also typechecking and linting: waits are bounded by each test's own deadline, not by 5 s.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
