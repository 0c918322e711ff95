import { performance } from 'node:perf_hooks';

/** Above this share of busy event-loop time, arriving uploads are what the server is doing. */
const busyAbove = 0.5;

/**
 * The upload requests receiving bytes right now, and whether they keep the server busy.
 * Processing (thumbnails, metadata) holds back while they do (`JobRunner`): on a two-core box
 * every job competes with the upload path for the event loop and the thread pool, and a phone's
 * background upload window is short, so bytes come first and pictures right after. A slow phone
 * on a mobile network keeps an upload open without keeping the server busy, and then processing
 * runs as usual.
 */
export class UploadTraffic {
  private receiving = 0;

  /** `busyness`: the share (0–1) of recent time the event loop was busy. */
  constructor(private readonly busyness: Busyness = eventLoopBusyness()) {}

  /** Notes an upload request that starts receiving; call the returned function when it ends. */
  begin(): () => void {
    if (this.receiving++ === 0) this.busyness.restart();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.receiving--;
    };
  }

  /** True while uploads are arriving and the event loop has been more than half busy. */
  contended(): boolean {
    return this.receiving > 0 && this.busyness.share() > busyAbove;
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
