'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { interruptedUploads, UploadQueue, type UploadSnapshot } from './upload-queue';

/** One queue for the whole visit: moving to another page does not stop uploads in progress. */
let shared: UploadQueue | undefined;
const nothing: UploadSnapshot = { items: [], bytesPerSecond: 0 };

export function useBrowserUploads() {
  const [queue] = useState(() => {
    shared ??= new UploadQueue();
    return shared;
  });
  const snapshot = useSyncExternalStore(queue.subscribe, queue.getSnapshot, () => nothing);
  const [interrupted, setInterrupted] = useState<{ name: string; size: number | null }[]>([]);
  const active = snapshot.items.length;
  useEffect(() => {
    // Re-read after each batch: a resumed upload leaves the list when it finishes.
    void active;
    interruptedUploads()
      .then(setInterrupted)
      .catch(() => setInterrupted([]));
  }, [active]);
  return { queue, snapshot, interrupted };
}
