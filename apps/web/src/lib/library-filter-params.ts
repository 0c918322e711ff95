import type { AssetKind, LibraryFilter } from '@keepsake/shared';
import { localDay } from '~/components/format';

/**
 * The Library's filters live in the address (so a filtered view can be bookmarked and the asset
 * view can step through the same selection). Dates are the viewer's calendar days.
 */
export interface FilterState {
  kind?: LibraryFilter['kind'];
  /** A device id, or "none" for uploads without a device. */
  device?: string;
  from?: string;
  to?: string;
  /** "make|model" as offered by the camera menu. */
  camera?: string;
  q?: string;
}

const keys = ['kind', 'device', 'from', 'to', 'camera', 'q'] as const;

/** What each kind is called in the filter menu; a Record, so a new kind must be named here. */
export const kindNames: Record<AssetKind, string> = {
  photo: 'Photos',
  video: 'Videos',
  livePhoto: 'Live Photos',
  other: 'Other files',
};

export function readFilterState(params: URLSearchParams): FilterState {
  const state: FilterState = {};
  for (const key of keys) {
    const value = params.get(key);
    if (!value) continue;
    if (key === 'kind') {
      if (value in kindNames) state.kind = value as AssetKind;
    } else if ((key === 'from' || key === 'to') && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      // A malformed date is ignored rather than breaking the page.
    } else {
      state[key] = value;
    }
  }
  return state;
}

export function filterParams(state: FilterState): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of keys) {
    const value = state[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** The API's filter; a date range covers whole local days, the end day included. */
export function toLibraryFilter(state: FilterState): LibraryFilter {
  const [make, model] = state.camera ? state.camera.split('|') : [];
  return {
    ...(state.kind ? { kind: state.kind } : {}),
    ...(state.device ? { deviceId: state.device === 'none' ? null : state.device } : {}),
    ...(state.from ? { from: localDay(state.from).toISOString() } : {}),
    ...(state.to ? { to: localDay(state.to, 1).toISOString() } : {}),
    ...(state.camera ? { make: make ?? '', model: model ?? '' } : {}),
    ...(state.q?.trim() ? { search: state.q.trim() } : {}),
  };
}

export const cameraValue = (make: string | null, model: string | null) => `${make ?? ''}|${model ?? ''}`;

export const hasFilters = (state: FilterState) => keys.some((key) => !!state[key]);
