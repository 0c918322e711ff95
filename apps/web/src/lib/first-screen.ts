import { useSyncExternalStore } from 'react';

/** Longest queries are held back, should the first screen never report itself drawn. */
const patienceMs = 1500;

let drawn = false;
const listeners = new Set<() => void>();
let patience: ReturnType<typeof setTimeout> | undefined;

/** The page's first screen is up: the Library's first thumbnail is shown, or it has none to show. */
export function firstScreenDrawn(): void {
  if (drawn) return;
  drawn = true;
  clearTimeout(patience);
  for (const listener of listeners) listener();
}

/**
 * Whether queries a page can do without at first (the failure badge, the filter menus' counts,
 * the next Library page) may go. Only a cold load that started early queries holds them back
 * (`early-queries.ts`): the server answers one request at a time, and the Library's first
 * thumbnails waited about half a second behind them.
 */
export function useFirstScreenDrawn(): boolean {
  return useSyncExternalStore(subscribe, isDrawn, () => false);
}

const isDrawn = () => drawn || typeof window === 'undefined' || !window.__keepsakeEarly;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  patience ??= setTimeout(firstScreenDrawn, patienceMs);
  return () => listeners.delete(listener);
}
