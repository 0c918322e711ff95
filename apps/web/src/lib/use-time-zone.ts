'use client';

import { useSyncExternalStore } from 'react';

const noop = () => () => {};

/** The viewer's IANA time zone; the static build has none, so it is read only in the browser. */
export function useTimeZone(): string | null {
  return useSyncExternalStore(
    noop,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    () => null,
  );
}
