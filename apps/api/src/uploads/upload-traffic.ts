import { performance } from 'node:perf_hooks';

/** Above this share of busy event-loop time, arriving uploads are what the server is doing. */
const busyAbove = 0.5;

/**
 * The upload requests receiving bytes right now, and whether they keep the server busy.
 * Processing (thumbnails, metadata) holds back while they do (`JobRunner`): on a two-core box
 * every job competes with the upload path for the event loop and the thread pool, and a phone's
 * background upload window is short, so bytes come first and pictures right after. A slow phone
 * on a mobile network keeps an upload open without keeping the server busy, and then processing
 * runs as usual. A phone sends its photos one after another: the few milliseconds between two
 * of them count as arriving too (`gapMs`), or a job taken in each gap competes with the next
 * photo (one phone's photos came in 12–15 % faster with jobs held through the gaps).
 */
export class UploadTraffic {
  private receiving = 0;
  /** When the last upload request ended (ms, `performance.now()`). */
  private lastEnded = Number.NEGATIVE_INFINITY;

  /**
   * `busyness`: the share (0–1) of recent time the event loop was busy. `gapMs`: how long after
   * an upload request ends its phone still counts as sending.
   */
  constructor(
    private readonly busyness: Busyness = eventLoopBusyness(),
    private readonly gapMs = 250,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Notes an upload request that starts receiving; call the returned function when it ends. */
  begin(): () => void {
    if (!this.arriving()) this.busyness.restart();
    this.receiving++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.receiving--;
      this.lastEnded = this.now();
    };
  }

  /** True while uploads arrive (or one ended a moment ago) and the event loop has been more than half busy. */
  contended(): boolean {
    return this.arriving() && this.busyness.share() > busyAbove;
  }

  private arriving(): boolean {
    return this.receiving > 0 || this.now() - this.lastEnded < this.gapMs;
  }
}

export interface Busyness {
  share(): number;
  /** Forget the time before now (uploads start after an idle spell). */
  restart(): void;
}

/**
 * Event-loop utilisation over about the last `windowMs`, measured only when asked: no timer
 * wakes an idle server to keep it current.
 */
export function eventLoopBusyness(windowMs = 500): Busyness {
  let mark = performance.eventLoopUtilization();
  let last = 0;
  return {
    share() {
      const now = performance.eventLoopUtilization();
      const since = performance.eventLoopUtilization(now, mark);
      const elapsed = since.idle + since.active;
      // Too short a span says little; a full window starts the next one.
      if (elapsed < windowMs / 5) return last;
      last = since.utilization;
      if (elapsed >= windowMs) mark = now;
      return last;
    },
    restart() {
      mark = performance.eventLoopUtilization();
    },
  };
}
