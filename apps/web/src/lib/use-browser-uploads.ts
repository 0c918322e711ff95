'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { useFirstScreenDrawn } from './first-screen';
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
  // Reading them loads tus-js-client: not before the page's first screen (`first-screen.ts`).
  const firstDrawn = useFirstScreenDrawn();
  useEffect(() => {
    // Re-read after each batch: a resumed upload leaves the list when it finishes.
    void active;
    if (!firstDrawn) return;
    interruptedUploads()
      .then(setInterrupted)
      .catch(() => setInterrupted([]));
  }, [active, firstDrawn]);
  return { queue, snapshot, interrupted };
}
