import { describe, expect, it } from 'vitest';
import { eventLoopBusyness, UploadTraffic } from './upload-traffic.js';

/** A busyness reading set by the test. */
function busyness(share: number) {
  const reading = { share: () => share, restart: () => {}, set: (s: number) => (share = s) };
  return reading;
}

describe('UploadTraffic', () => {
  it('is contended only while uploads arrive and the event loop is more than half busy', () => {
    const reading = busyness(0.9);
    let now = 1000;
    const traffic = new UploadTraffic(reading, 250, () => now);
    expect(traffic.contended()).toBe(false); // busy, but not with uploads

    const first = traffic.begin();
    const second = traffic.begin();
    expect(traffic.contended()).toBe(true);
    reading.set(0.2); // a slow phone keeps an upload open without keeping the server busy
    expect(traffic.contended()).toBe(false);
    reading.set(0.9);

    first();
    first(); // ending twice counts once
    expect(traffic.contended()).toBe(true);
    second();
    now += 300;
    expect(traffic.contended()).toBe(false);
  });

  it('counts the moment between one upload and the next as arriving', () => {
    const reading = busyness(0.9);
    let restarts = 0;
    let now = 1000;
    const traffic = new UploadTraffic({ ...reading, restart: () => restarts++ }, 250, () => now);
    const first = traffic.begin();
    expect(restarts).toBe(1); // the first upload after a quiet spell measures from now
    first();
    now += 20;
    expect(traffic.contended()).toBe(true); // the phone is about to send its next photo
    const next = traffic.begin();
    expect(restarts).toBe(1); // the same burst: its busy time still counts
    now += 100;
    next();
    now += 249;
    expect(traffic.contended()).toBe(true);
    now += 1;
    expect(traffic.contended()).toBe(false); // the burst is over: processing may run
    reading.set(0.2);
    traffic.begin();
    expect(traffic.contended()).toBe(false); // a slow phone does not hold processing back
    expect(restarts).toBe(2);
  });

  it('measures the event loop: busy while it spins, idle while it waits', async () => {
    const measure = eventLoopBusyness(100);
    const spinUntil = Date.now() + 150;
    // Spin in short turns so the loop's busy time is counted as it goes.
    while (Date.now() < spinUntil) {
      const until = Date.now() + 10;
      while (Date.now() < until) {}
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(measure.share()).toBeGreaterThan(0.5);
    // Idle within a few windows; polled, because on a loaded machine (CI runs packages' tests side
    // by side on two cores) a thread waiting for its CPU counts as busy.
    await expect.poll(() => measure.share(), { interval: 100, timeout: 3000 }).toBeLessThan(0.5);
  });
});
