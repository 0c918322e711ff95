import { useSyncExternalStore } from 'react';

/** Longest queries are held back, should the first screen never report itself drawn. */
const patienceMs = 1500;

let drawn = false;
let announced = false;
const listeners = new Set<() => void>();
let patience: ReturnType<typeof setTimeout> | undefined;

/**
 * The page's first screen is up: the Library's first thumbnail has loaded, or it has none to
 * show. What waited for it (more rows, the filter menus' counts) is let go after the frame that
 * shows it: let go from the image's load event, its ~70 ms of rendering held that frame back.
 */
export function firstScreenDrawn(): void {
  if (drawn) return;
  drawn = true;
  clearTimeout(patience);
  afterNextFrame(announce);
}

function announce(): void {
  if (announced) return;
  announced = true;
  for (const listener of listeners) listener();
}

/** After the next frame is drawn; a hidden page draws no frames, so at most ~0.2 s later. */
function afterNextFrame(run: () => void): void {
  requestAnimationFrame(() => setTimeout(run, 0));
  setTimeout(run, 200);
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

const isDrawn = () => announced || typeof window === 'undefined' || !window.__keepsakeEarly;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  patience ??= setTimeout(firstScreenDrawn, patienceMs);
  return () => listeners.delete(listener);
}
